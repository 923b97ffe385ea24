namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>The ROM answered, but it is a chip this client cannot flash (the ROM loader here speaks ESP32 only).</summary>
    public sealed class Esp32ChipNotSupportedException : FirmwareToolsException
    {
        public Esp32ChipNotSupportedException(string port, string chip)
            : base($"The chip on {port} is {chip}; Install-Esp32Firmware flashes the original ESP32 through its ROM loader.", port,
                   "Use esptool for this chip; FirmwareTools supports ESP32 (WiPy, ESP32 DevKit) boards.", null)
        {
            Chip = chip;
        }

        public string Chip { get; }

        public override string ErrorId => "Esp32ChipNotSupported";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.DeviceError;
    }
}
