using System.Collections.Generic;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// The ESP32-S2 (esptool's <c>ESP32S2ROM</c>; docs/protocols/esp32-family.md §2): recognised by its magic alone,
    /// since its GET_SECURITY_INFO carries no chip id (§2.7); bootloader at 0x1000 like the ESP32; the name comes from
    /// the embedded flash and PSRAM capabilities (§2.4).
    /// </summary>
    public sealed class Esp32S2Target : Esp32LaterChipTarget
    {
        public const uint ChipMagic = 0x000007C6;
        public const uint Spi1Base = 0x3F402000;
        public const uint EfuseBlock1Address = 0x3F41A044;
        public const uint EfuseBlock2Address = 0x3F41A05C;

        private static readonly uint[] Magics = { ChipMagic };

        private Esp32S2Target()
        {
        }

        public static Esp32S2Target Instance { get; } = new Esp32S2Target();

        public override string Name => "ESP32-S2";

        public override IReadOnlyList<uint> MagicValues => Magics;

        public override bool IdentifiedByMagic => true;

        public override int ImageChipId => Esp32Chips.Esp32S2ChipId;

        public override uint BootloaderOffset => Esp32Chips.Esp32BootloaderOffset;


        public override Esp32RtcWatchdog RtcWatchdog => Esp32RtcWatchdog.S2;

        public override uint SpiRegisterBase => Spi1Base;

        public override uint EfuseBlock1Base => EfuseBlock1Address;

        public override uint? EfuseBlock2Base => EfuseBlock2Address;

        /// <summary>§2.3: major w3 19:18, minor (w3 bit 20)&lt;&lt;3 | w4 6:4; flash cap w3 24:21, PSRAM cap w3 31:28, calibration BLK2 w4 6:4.</summary>
        public override Esp32ChipInfo Describe(Esp32EfuseBlocks efuses, uint magic)
        {
            uint w3 = efuses.W(3);
            uint w4 = efuses.W(4);
            int major = Esp32EfuseBlocks.Bits(w3, 19, 18);
            int minor = (Esp32EfuseBlocks.Bits(w3, 20, 20) << 3) | Esp32EfuseBlocks.Bits(w4, 6, 4);
            int flashCap = Esp32EfuseBlocks.Bits(w3, 24, 21);
            int psramCap = Esp32EfuseBlocks.Bits(w3, 31, 28);
            int calibration = Esp32EfuseBlocks.Bits(efuses.Block2Word4, 6, 4);
            var features = new List<string>
            {
                "Wi-Fi",
                "Single Core",
                "240MHz",
                flashCap switch { 0 => "No Embedded Flash", 1 => "Embedded Flash 2MB", 2 => "Embedded Flash 4MB", _ => "Unknown Embedded Flash" },
                psramCap switch { 0 => "No Embedded PSRAM", 1 => "Embedded PSRAM 2MB", 2 => "Embedded PSRAM 4MB", _ => "Unknown Embedded PSRAM" },
                calibration switch
                {
                    0 => "No calibration in BLK2 of efuse",
                    1 => "ADC and temperature sensor calibration in BLK2 of eFuse V1",
                    2 => "ADC and temperature sensor calibration in BLK2 of eFuse V2",
                    _ => "Unknown calibration in BLK2",
                },
            };
            return Info(efuses, magic, PackageName(flashCap, psramCap), (major, minor), features);
        }

        /// <summary>§2.4: the key flash_cap + 100 × psram_cap picks the name.</summary>
        public static string PackageName(int flashCap, int psramCap) => (flashCap + 100 * psramCap) switch
        {
            0 => "ESP32-S2",
            1 => "ESP32-S2FH2",
            2 => "ESP32-S2FH4",
            100 => "ESP32-S2R2",
            102 => "ESP32-S2FNR2",
            _ => "Unknown ESP32-S2",
        };
    }
}
