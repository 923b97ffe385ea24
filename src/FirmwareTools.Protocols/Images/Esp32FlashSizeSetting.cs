namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// Flash size in the high nibble of an ESP32 image header's byte 3 (docs/protocols/esp32-rom-loader.md §5). <see cref="Detect"/> takes the size the
    /// chip's JEDEC id reports; <see cref="Keep"/> leaves the nibble as built.
    /// </summary>
    public enum Esp32FlashSizeSetting
    {
        Keep = 0,
        Detect,

        /// <summary>1MB: code 0x00.</summary>
        Size1MB,

        /// <summary>2MB: code 0x10.</summary>
        Size2MB,

        /// <summary>4MB: code 0x20.</summary>
        Size4MB,

        /// <summary>8MB: code 0x30.</summary>
        Size8MB,

        /// <summary>16MB: code 0x40 (the most the ESP32 ROM loader addresses).</summary>
        Size16MB,
    }
}
