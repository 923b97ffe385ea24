using System;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>A port name that is not an OS port and not a well-formed socket:// or rfc2217:// address.</summary>
    public sealed class InvalidSerialPortNameException : FirmwareToolsException
    {
        public InvalidSerialPortNameException(string port, string detail, Exception? innerException = null)
            : base($"'{port}' is not a serial port name this module can open: {detail}.", port,
                   "Give an OS port (COM5, /dev/ttyUSB0, /dev/cu.usbserial-0001) or a network port as socket://host:port or rfc2217://host:port.",
                   innerException)
        {
        }

        public override string ErrorId => "InvalidSerialPortName";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.InvalidArgument;
    }
}
