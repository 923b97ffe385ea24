using System;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// The far end of a network port does not behave as its scheme says: an rfc2217:// server that refuses the
    /// COM-PORT-OPTION, does not acknowledge a setting or sets another value than asked.
    /// </summary>
    public sealed class SerialPortProtocolException : FirmwareToolsException
    {
        public SerialPortProtocolException(string port, string detail, Exception? innerException = null)
            : base($"The serial server at {port} does not behave as expected: {detail}.", port,
                   "Check that the server speaks RFC 2217 (ser2net: a telnet port with the remctl option); for a raw TCP port use socket:// instead of rfc2217://.",
                   innerException)
        {
        }

        public override string ErrorId => "SerialPortProtocolError";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.ProtocolError;
    }
}
