using System;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// The conversation with the ROM broke down after the connection was made: replies lost or unreadable after the
    /// retries, the link dead after a baud change, an unexpected answer. The message names the command.
    /// </summary>
    public sealed class Esp32ProtocolException : FirmwareToolsException
    {
        public Esp32ProtocolException(string port, string message, Exception? innerException = null)
            : base(message, port,
                   "Check the cable and the board's power, try a lower -FlashBaudRate, reset the board into the bootloader and run the command again.",
                   innerException)
        {
        }

        public override string ErrorId => Esp32Errors.ProtocolErrorId.Id;

        public override FirmwareErrorKind Kind => Esp32Errors.ProtocolErrorId.Kind;
    }
}
