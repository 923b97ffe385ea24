namespace FirmwareTools.Protocols.Images
{
    /// <summary>SPI flash clock in the low nibble of an ESP32 image header's byte 3 (docs/protocols/esp32-rom-loader.md §5); <see cref="Keep"/> leaves it as built.</summary>
    public enum Esp32FlashFrequency
    {
        Keep = 0,

        /// <summary>40m: code 0x0.</summary>
        Freq40M,

        /// <summary>26m: code 0x1.</summary>
        Freq26M,

        /// <summary>20m: code 0x2.</summary>
        Freq20M,

        /// <summary>80m: code 0xF.</summary>
        Freq80M,
    }
}
