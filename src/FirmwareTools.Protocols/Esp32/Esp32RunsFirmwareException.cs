using System;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>The board answered as running firmware (a MicroPython REPL echoing, a prompt), not as the ROM bootloader.</summary>
    public sealed class Esp32RunsFirmwareException : FirmwareToolsException
    {
        public Esp32RunsFirmwareException(string port, string evidence, Exception? innerException = null)
            : base($"The board on {port} runs firmware, not the bootloader ({evidence}).", port,
                   "Hold GPIO0/G23 low and reset: press BOOT while pressing reset, or fit the G23-GND jumper on a Pycom Expansion Board and press reset; then run the command again.",
                   innerException)
        {
            Evidence = evidence;
        }

        public string Evidence { get; }

        public override string ErrorId => "Esp32RunsFirmware";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.DeviceError;
    }
}
