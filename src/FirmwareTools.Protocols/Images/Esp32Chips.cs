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
