using System;
using System.Globalization;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>Constants of the ESP32 ROM loader, named as in docs/protocols/esp32-rom-loader.md (esptool's names where it has them).</summary>
    public static class Esp32Protocol
    {
        /// <summary>The rate the ROM starts at and auto-bauds on SYNC (ESP_ROM_BAUD).</summary>
        public const int EspRomBaud = 115200;

        /// <summary>DATA block size of the ROM (FLASH_WRITE_SIZE): bigger blocks are refused by the ESP32 ROM.</summary>
        public const int FlashWriteSize = 0x400;

        /// <summary>Erase and alignment unit (FLASH_SECTOR_SIZE), the flash sector of the image layout.</summary>
        public const int FlashSectorSize = Esp32Chips.FlashSectorSize;

        /// <summary>READ_REG of this address identifies the chip (§4.1).</summary>
        public const uint ChipDetectMagicRegister = 0x40001000;

        public const uint Esp32ChipMagic = 0x00F01D83;

        /// <summary>The ESP8266's magic value (§4.1), refused with its own message (docs/protocols/esp32-family.md §8).</summary>
        public const uint Esp8266ChipMagic = 0xFFF0C101;

        /// <summary>The ESP8266 ROM ends its replies with 2 status bytes, the ESP32 family's ROMs with 4 (§1.4).</summary>
        public const int Esp8266StatusLength = 2;

        public const string Esp8266Name = "ESP8266";

        /// <summary>CMD bit 18: start a user command; reads back set while busy.</summary>
        public const uint SpiCmdUsr = 1u << 18;

        public const uint SpiUsrCommand = 1u << 31;
        public const uint SpiUsrMiso = 1u << 28;

        /// <summary>JEDEC RDID opcode.</summary>
        public const byte SpiFlashRdid = 0x9F;

        /// <summary>How often the CMD busy bit is polled before giving up ("SPI command did not complete").</summary>
        public const int SpiCommandPolls = 10;

        /// <summary>The ESP32 ROM and legacy stub address at most 16 MiB.</summary>
        public const long Esp32MaxFlashSize = 16L * 1024 * 1024;

        /// <summary>The flash size the ROM assumes until SPI_SET_PARAMS.</summary>
        public const long RomDefaultFlashSize = 2L * 1024 * 1024;

        public static string Name(Esp32Command command) => command switch
        {
            Esp32Command.FlashBegin => "FLASH_BEGIN",
            Esp32Command.FlashData => "FLASH_DATA",
            Esp32Command.FlashEnd => "FLASH_END",
            Esp32Command.MemBegin => "MEM_BEGIN",
            Esp32Command.MemEnd => "MEM_END",
            Esp32Command.MemData => "MEM_DATA",
            Esp32Command.Sync => "SYNC",
            Esp32Command.WriteReg => "WRITE_REG",
            Esp32Command.ReadReg => "READ_REG",
            Esp32Command.SpiSetParams => "SPI_SET_PARAMS",
            Esp32Command.SpiAttach => "SPI_ATTACH",
            Esp32Command.ReadFlashSlow => "READ_FLASH_SLOW",
            Esp32Command.ChangeBaudRate => "CHANGE_BAUDRATE",
            Esp32Command.FlashDeflBegin => "FLASH_DEFL_BEGIN",
            Esp32Command.FlashDeflData => "FLASH_DEFL_DATA",
            Esp32Command.FlashDeflEnd => "FLASH_DEFL_END",
            Esp32Command.SpiFlashMd5 => "SPI_FLASH_MD5",
            Esp32Command.GetSecurityInfo => "GET_SECURITY_INFO",
            _ => "0x" + ((byte)command).ToString("X2", CultureInfo.InvariantCulture),
        };

        /// <summary>Flash size from the JEDEC capacity code (§4.5); null for a code the table does not know.</summary>
        public static long? FlashSizeFromJedec(uint jedecId)
        {
            byte manufacturer = (byte)jedecId;
            byte memoryType = (byte)(jedecId >> 8);
            byte capacity = (byte)(jedecId >> 16);
            const long Kib = 1024;
            const long Mib = 1024 * 1024;
            if (manufacturer == 0x1F)
            {
                // Adesto encodes the size in the device byte (byte 1, low 5 bits): 0x04 = 512 KiB ... 0x09 = 16 MiB.
                int code = memoryType & 0x1F;
                return code >= 0x04 && code <= 0x09 ? 512 * Kib << (code - 0x04) : (long?)null;
            }

            return capacity switch
            {
                0x12 or 0x32 => 256 * Kib,
                0x13 or 0x33 => 512 * Kib,
                0x14 or 0x34 => 1 * Mib,
                0x15 or 0x35 => 2 * Mib,
                0x16 or 0x36 => 4 * Mib,
                0x17 or 0x37 => 8 * Mib,
                0x18 or 0x38 => 16 * Mib,
                0x19 or 0x39 => 32 * Mib,
                0x1A or 0x3A or 0x20 => 64 * Mib,
                0x1B or 0x21 => 128 * Mib,
                0x1C or 0x22 => 256 * Mib,
                _ => null,
            };
        }

        /// <summary>JEDEC ids that mean "no flash chip answered".</summary>
        public static bool IsFlashAbsent(uint jedecId) => jedecId == 0xFFFFFF || jedecId == 0 || jedecId == 0xFFFF3F;

        /// <summary>Chip name from the magic register (§4.1); null when unknown.</summary>
        public static string? ChipFromMagic(uint magic) => magic switch
        {
            Esp8266ChipMagic => Esp8266Name,
            Esp32ChipMagic => "ESP32",
            0x000007C6 => "ESP32-S2",
            0x00000009 => "ESP32-S3",
            0x6921506F or 0x1B31506F or 0x4881606F or 0x4361606F => "ESP32-C3",
            0x6F51306F or 0x7C41A06F or 0x0C21E06F => "ESP32-C2",
            0x2CE0806F => "ESP32-C6",
            0xD7B73E80 or 0x97E30068 => "ESP32-H2",
            0x1101406F or 0x63E1406F or 0x5FD1406F or 0x30E1706F => "ESP32-C5",
            0x2421606F or 0x33F0206F or 0x4F81606F => "ESP32-C61",
            0x00000000 or 0x0ADDBAD0 or 0x07039AD9 => "ESP32-P4",
            _ => null,
        };

        internal static TimeSpan TimeoutPerMegabyte(TimeSpan perMegabyte, long bytes, TimeSpan minimum)
        {
            TimeSpan scaled = TimeSpan.FromTicks((long)(perMegabyte.Ticks * (bytes / 1e6)));
            return scaled > minimum ? scaled : minimum;
        }
    }
}
