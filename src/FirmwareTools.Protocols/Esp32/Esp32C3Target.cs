using System.Collections.Generic;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// The ESP32-C3 (esptool's <c>ESP32C3ROM</c>; docs/protocols/esp32-family.md §2): four magic values, one per ECO, so
    /// the chip id 5 from GET_SECURITY_INFO decides (§2.7); bootloader at 0x0; the legacy min_rev of an image is a
    /// minor revision (§2.6).
    /// </summary>
    public sealed class Esp32C3Target : Esp32LaterChipTarget
    {
        public const uint Spi1Base = 0x60002000;
        public const uint EfuseBlock1Address = 0x60008844;

        /// <summary>§2.1: one magic per ECO; which is which is not confirmed [U].</summary>
        private static readonly uint[] Magics = { 0x6921506F, 0x1B31506F, 0x4881606F, 0x4361606F };

        private Esp32C3Target()
        {
        }

        public static Esp32C3Target Instance { get; } = new Esp32C3Target();

        public override string Name => "ESP32-C3";

        public override IReadOnlyList<uint> MagicValues => Magics;

        public override int ImageChipId => Esp32Chips.Esp32C3ChipId;

        public override uint BootloaderOffset => 0x0;


        public override Esp32RtcWatchdog RtcWatchdog => Esp32RtcWatchdog.C3;

        public override bool LegacyMinRevisionIsMinor => true;

        public override uint SpiRegisterBase => Spi1Base;

        public override uint EfuseBlock1Base => EfuseBlock1Address;

        /// <summary>§2.3: package w3 23:21; major w5 25:24; minor (w5 bit 23)&lt;&lt;3 | w3 20:18; flash cap w3 29:27, vendor w4 2:0.</summary>
        public override Esp32ChipInfo Describe(Esp32EfuseBlocks efuses, uint magic)
        {
            uint w3 = efuses.W(3);
            int package = Esp32EfuseBlocks.Bits(w3, 23, 21);
            var features = new List<string> { "Wi-Fi", "BT 5 (LE)", "Single Core", "160MHz" };
            int flashCap = Esp32EfuseBlocks.Bits(w3, 29, 27);
            if (flashCap != 0)
            {
                features.Add(EmbeddedFlash(flashCap switch { 1 => "4MB", 2 => "2MB", 3 => "1MB", 4 => "8MB", _ => null }, FlashVendor(Esp32EfuseBlocks.Bits(efuses.W(4), 2, 0))));
            }

            string name = package switch
            {
                0 => "ESP32-C3 (QFN32)",
                1 => "ESP8685 (QFN28)",
                2 => "ESP32-C3 AZ (QFN32)",
                3 => "ESP8686 (QFN24)",
                _ => "Unknown ESP32-C3",
            };
            return Info(efuses, magic, name, RevisionInW3W5(efuses), features);
        }

        /// <summary>Flash vendor codes of the C3's w4 2:0 (§2.3): as the S3's, but 5 is ZBIT.</summary>
        public static string? FlashVendor(int code) => code switch { 1 => "XMC", 2 => "GD", 3 => "FM", 4 => "TT", 5 => "ZBIT", _ => null };
    }
}
