using System.Collections.Generic;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// The ESP32-C6 (esptool's <c>ESP32C6ROM</c>; docs/protocols/esp32-family.md §2): chip id 13, bootloader at 0x0,
    /// SPI1 at 0x60003000, and a header whose 80m flash clock is written 0x0 (§2.6, §4.1; the codes are in
    /// <see cref="Esp32Chips.FrequencyCode"/>).
    /// </summary>
    public sealed class Esp32C6Target : Esp32LaterChipTarget
    {
        public const uint ChipMagic = 0x2CE0806F;
        public const uint Spi1Base = 0x60003000;
        public const uint EfuseBlock1Address = 0x600B0844;

        private static readonly uint[] Magics = { ChipMagic };

        private Esp32C6Target()
        {
        }

        public static Esp32C6Target Instance { get; } = new Esp32C6Target();

        public override string Name => "ESP32-C6";

        public override IReadOnlyList<uint> MagicValues => Magics;

        public override int ImageChipId => Esp32Chips.Esp32C6ChipId;

        public override uint BootloaderOffset => 0x0;


        public override Esp32RtcWatchdog RtcWatchdog => Esp32RtcWatchdog.C6;

        public override uint SpiRegisterBase => Spi1Base;

        public override uint EfuseBlock1Base => EfuseBlock1Address;

        /// <summary>
        /// §2.3: package w3 26:24; major w3 23:22; minor w3 21:18; flash cap w4 2:0. esptool prints "Unknown Embedded
        /// Flash" for cap 0, even on modules with external flash [O], and so do we (§2.4).
        /// </summary>
        public override Esp32ChipInfo Describe(Esp32EfuseBlocks efuses, uint magic)
        {
            uint w3 = efuses.W(3);
            uint w4 = efuses.W(4);
            int package = Esp32EfuseBlocks.Bits(w3, 26, 24);
            int major = Esp32EfuseBlocks.Bits(w3, 23, 22);
            int minor = Esp32EfuseBlocks.Bits(w3, 21, 18);
            int flashCap = Esp32EfuseBlocks.Bits(w4, 2, 0);
            var features = new List<string>
            {
                "Wi-Fi 6", "BT 5 (LE)", "IEEE802.15.4", "Single Core + LP Core", "160MHz",
                flashCap switch { 1 => "Embedded Flash 4MB", 2 => "Embedded Flash 8MB", _ => "Unknown Embedded Flash" },
            };
            string name = (package, flashCap) switch
            {
                (0, _) => "ESP32-C6 (QFN40)",
                (1, 1) => "ESP32-C6FH4 (QFN32)",
                (1, 2) => "ESP32-C6FH8 (QFN32)",
                _ => "Unknown ESP32-C6",
            };
            return Info(efuses, magic, name, (major, minor), features);
        }
    }
}
