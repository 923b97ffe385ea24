using System;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>Another program holds the port open (a terminal, an IDE's serial monitor, a second flasher).</summary>
    public sealed class SerialPortBusyException : FirmwareToolsException
    {
        public SerialPortBusyException(string port, string detail, Exception? innerException = null)
            : base($"The serial port {port} is in use by another program: {detail}.", port,
                   "Close the program that holds the port (a serial terminal such as screen, minicom, PuTTY or an IDE's serial monitor) and try again.",
                   innerException)
        {
        }

        public override string ErrorId => "SerialPortBusy";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.ResourceBusy;
    }
}
