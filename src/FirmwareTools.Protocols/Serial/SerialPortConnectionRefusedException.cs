using System;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>A network port (socket:// or rfc2217://) could not be reached: nothing listens there, or it did not answer in time.</summary>
    public sealed class SerialPortConnectionRefusedException : FirmwareToolsException
    {
        public SerialPortConnectionRefusedException(string port, string detail, Exception? innerException = null)
            : base($"Could not connect to the serial port {port}: {detail}.", port,
                   "Check that the serial server (ser2net, an emulator, a virtual board) runs on that host and port and that no firewall blocks it.",
                   innerException)
        {
        }

        public override string ErrorId => "SerialPortConnectionRefused";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.ConnectionError;
    }
}
