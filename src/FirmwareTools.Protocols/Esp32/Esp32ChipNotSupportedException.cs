namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// The ROM answered, but it is a chip this client cannot flash: the ESP8266 (docs/protocols/esp32-family.md §8), or
    /// a later family member without a target here (C2, C5, C61, H2, P4 ...). Nothing was written and nothing was reset
    /// beyond what connecting did.
    /// </summary>
    public sealed class Esp32ChipNotSupportedException : FirmwareToolsException
    {
        /// <summary>What this module flashes through the ROM loader, for the messages.</summary>
        public const string SupportedChips = "the ESP32, ESP32-S2, ESP32-S3, ESP32-C3 and ESP32-C6";

        public Esp32ChipNotSupportedException(string port, string chip)
            : base(MessageFor(port, chip), port, ActionFor(chip), null)
        {
            Chip = chip;
        }

        public string Chip { get; }

        public override string ErrorId => "Esp32ChipNotSupported";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.DeviceError;

        private static bool IsEsp8266(string chip) => chip == Esp32Protocol.Esp8266Name;

        private static string MessageFor(string port, string chip) => IsEsp8266(chip)
            ? $"ESP8266 ROM bootloader detected on {port}: Install-Esp32Firmware flashes only {SupportedChips} through the ROM loader, and the ESP8266 ROM cannot verify (MD5), compress or change speed, so a safe ROM-only write is not possible. Nothing was written."
            : $"The chip on {port} is {chip}; Install-Esp32Firmware flashes {SupportedChips} through their ROM loaders. Nothing was written.";

        private static string ActionFor(string chip) => IsEsp8266(chip)
            ? "Use esptool or mpflash, which upload a flasher stub; the MicroPython image ESP8266_GENERIC goes at 0x0."
            : "Use esptool for this chip; FirmwareTools flashes boards with " + SupportedChips + ".";
    }
}
