namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// What an ESP32-family image file says about its chip, and where such images go in flash: facts of the files
    /// (the image header's chip id, the bootloader's home), so the image readers, the Pycom planner and the ROM client's
    /// chip targets share one table.
    /// </summary>
    public static class Esp32Chips
    {
        /// <summary>The chip id an ESP32 image header (and GET_SECURITY_INFO) carries for the original ESP32 (§4.2).</summary>
        public const int Esp32ChipId = 0;

        /// <summary>Erase and alignment unit of the SPI flash (FLASH_SECTOR_SIZE). ROM writes start on a sector boundary.</summary>
        public const int FlashSectorSize = 0x1000;

        /// <summary>Where the ESP32's second-stage bootloader lives, and where a MicroPython merged .bin goes.</summary>
        public const uint Esp32BootloaderOffset = 0x1000;

        /// <summary>The partition table's customary offset.</summary>
        public const uint PartitionTableOffset = 0x8000;

        /// <summary>The customary offset of the factory app.</summary>
        public const uint AppOffset = 0x10000;

        /// <summary>Chip name from an image / GET_SECURITY_INFO chip id (§4.2); null when unknown.</summary>
        public static string? ChipFromImageId(int chipId) => chipId switch
        {
            0 => "ESP32",
            2 => "ESP32-S2",
            5 => "ESP32-C3",
            9 => "ESP32-S3",
            12 => "ESP32-C2",
            13 => "ESP32-C6",
            16 => "ESP32-H2",
            18 => "ESP32-P4",
            20 => "ESP32-C61",
            23 => "ESP32-C5",
            25 => "ESP32-H21",
            28 => "ESP32-H4",
            31 => "ESP32-E22",
            32 => "ESP32-S31",
            _ => null,
        };

        /// <summary>The ESP32-S2's chip id (docs/protocols/esp32-family.md §2.1).</summary>
        public const int Esp32S2ChipId = 2;

        /// <summary>The ESP32-S3's chip id (docs/protocols/esp32-family.md §2.1).</summary>
        public const int Esp32S3ChipId = 9;

        /// <summary>The ESP32-C3's chip id (docs/protocols/esp32-family.md §2.1).</summary>
        public const int Esp32C3ChipId = 5;

        /// <summary>The ESP32-C6's chip id (docs/protocols/esp32-family.md §2.1).</summary>
        public const int Esp32C6ChipId = 13;

        /// <summary>
        /// The low nibble of header byte 3 for <paramref name="frequency"/> on the chip with <paramref name="chipId"/>
        /// (docs/protocols/esp32-family.md §4.1): 40m 0x0, 26m 0x1, 20m 0x2, 80m 0xF, except on the ESP32-C6, whose ROM
        /// reads 80m as 0x0 (its MSPI divider) and has no 26m. Null for keep, and for a clock the chip has no code for.
        /// </summary>
        public static byte? FrequencyCode(int chipId, Esp32FlashFrequency frequency) => (chipId, frequency) switch
        {
            (_, Esp32FlashFrequency.Keep) => null,
            (Esp32C6ChipId, Esp32FlashFrequency.Freq80M) => 0x0,
            (Esp32C6ChipId, Esp32FlashFrequency.Freq26M) => null,
            (_, Esp32FlashFrequency.Freq40M) => 0x0,
            (_, Esp32FlashFrequency.Freq26M) => 0x1,
            (_, Esp32FlashFrequency.Freq20M) => 0x2,
            (_, Esp32FlashFrequency.Freq80M) => 0xF,
            _ => null,
        };

        /// <summary>The name of header byte 3's frequency nibble on the chip with <paramref name="chipId"/> (the C6's 0x0 is 80m, §4.1).</summary>
        public static string DescribeFrequency(int chipId, byte sizeFrequency) =>
            chipId == Esp32C6ChipId && (sizeFrequency & 0x0F) == 0 ? "80m" : Esp32FlashParameters.DescribeFrequency(sizeFrequency);

        /// <summary>True for an offset some supported chip's bootloader lives at (0x0 or 0x1000, docs/protocols/esp32-family.md §2.1).</summary>
        public static bool IsBootloaderOffset(uint offset) => offset == 0x0 || offset == Esp32BootloaderOffset;

        /// <summary>Where a chip's second-stage bootloader (and a MicroPython merged .bin) goes (§5, §10.3).</summary>
        public static uint? BootloaderOffset(int chipId) => chipId switch
        {
            0 or 2 => 0x1000,
            5 or 9 or 12 or 13 or 16 or 20 => 0x0,
            18 or 23 or 28 or 32 => 0x2000,
            _ => null,
        };
    }
}
