using System;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// The port disappeared while in use: a USB-serial adapter unplugged, a TCP connection closed by the far end.
    /// Whatever was being written is incomplete.
    /// </summary>
    public sealed class SerialPortLostException : FirmwareToolsException
    {
        public SerialPortLostException(string port, string detail, Exception? innerException = null)
            : base($"The serial port {port} went away: {detail}.", port,
                   "Check the cable and that the board is powered, then run the command again; a flash that was cut short must be repeated.",
                   innerException)
        {
        }

        public override string ErrorId => SerialErrors.LostId.Id;

        public override FirmwareErrorKind Kind => SerialErrors.LostId.Kind;
    }
}
