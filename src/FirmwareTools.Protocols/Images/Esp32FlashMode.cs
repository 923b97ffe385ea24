namespace FirmwareTools.Protocols.Images
{
    /// <summary>SPI flash mode in an ESP32 image header's byte 2 (docs/protocols/esp32-rom-loader.md §5); <see cref="Keep"/> leaves the byte as built.</summary>
    public enum Esp32FlashMode
    {
        Keep = 0,

        /// <summary>Header code 0.</summary>
        Qio,

        /// <summary>Header code 1.</summary>
        Qout,

        /// <summary>Header code 2.</summary>
        Dio,

        /// <summary>Header code 3.</summary>
        Dout,
    }
}
