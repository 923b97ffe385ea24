using System.Collections.Generic;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// The ESP32-S3 (esptool's <c>ESP32S3ROM</c>; docs/protocols/esp32-family.md §2): chip id 9 from GET_SECURITY_INFO,
    /// bootloader at 0x0, the ECO0 revision quirk (§2.3) and FORCE_DOWNLOAD_BOOT cleared before a reset (§2.6).
    /// </summary>
    public sealed class Esp32S3Target : Esp32LaterChipTarget
    {
        public const uint ChipMagic = 0x00000009;
        public const uint Spi1Base = 0x60002000;
        public const uint EfuseBlock1Address = 0x60007044;
        public const uint EfuseBlock2Address = 0x6000705C;

        /// <summary>RTC_CNTL_OPTION1: bit 0 is FORCE_DOWNLOAD_BOOT (§2.6, §3.3).</summary>
        public const uint RtcCntlOption1Register = 0x6000812C;

        public const uint ForceDownloadBoot = 1u << 0;

        private static readonly uint[] Magics = { ChipMagic };

        private Esp32S3Target()
        {
        }

        public static Esp32S3Target Instance { get; } = new Esp32S3Target();

        public override string Name => "ESP32-S3";

        public override IReadOnlyList<uint> MagicValues => Magics;

        public override int ImageChipId => Esp32Chips.Esp32S3ChipId;

        public override uint BootloaderOffset => 0x0;


        public override Esp32RtcWatchdog RtcWatchdog => Esp32RtcWatchdog.S3;

        public override uint SpiRegisterBase => Spi1Base;

        public override uint EfuseBlock1Base => EfuseBlock1Address;

        public override uint? EfuseBlock2Base => EfuseBlock2Address;

        /// <summary>Clear FORCE_DOWNLOAD_BOOT, or a chip that software put into download mode comes back there after the reset (arduino-esp32#6762).</summary>
        public override Esp32RegisterWrite BeforeHardReset { get; } = new Esp32RegisterWrite(RtcCntlOption1Register, 0, ForceDownloadBoot);

        /// <summary>
        /// §2.3: package w3 23:21; major w5 25:24; minor (w5 bit 23)&lt;&lt;3 | w3 20:18, both reported as v0.0 on ECO0
        /// parts (minor's low 3 bits 0 and block version 1.1); flash cap w3 29:27 with vendor w4 2:0; PSRAM cap
        /// w4 4:3 | (w5 bit 19)&lt;&lt;2 with vendor w4 8:7.
        /// </summary>
        public override Esp32ChipInfo Describe(Esp32EfuseBlocks efuses, uint magic)
        {
            uint w3 = efuses.W(3);
            uint w4 = efuses.W(4);
            uint w5 = efuses.W(5);
            int package = Esp32EfuseBlocks.Bits(w3, 23, 21);
            (int major, int minor) = RevisionInW3W5(efuses);
            if (IsEco0(minor, blockVersionMajor: Esp32EfuseBlocks.Bits(efuses.Block2Word4, 1, 0), blockVersionMinor: Esp32EfuseBlocks.Bits(w3, 26, 24)))
            {
                (major, minor) = (0, 0);
            }

            var features = new List<string> { "Wi-Fi", "BT 5 (LE)", "Dual Core + LP Core", "240MHz" };
            int flashCap = Esp32EfuseBlocks.Bits(w3, 29, 27);
            if (flashCap != 0)
            {
                features.Add(EmbeddedFlash(flashCap switch { 1 => "8MB", 2 => "4MB", _ => null }, FlashVendor(Esp32EfuseBlocks.Bits(w4, 2, 0))));
            }

            int psramCap = Esp32EfuseBlocks.Bits(w4, 4, 3) | (Esp32EfuseBlocks.Bits(w5, 19, 19) << 2);
            if (psramCap != 0)
            {
                string psram = psramCap switch { 1 => "Embedded PSRAM 8MB", 2 => "Embedded PSRAM 2MB", 3 => "Embedded PSRAM 16MB", 4 => "Embedded PSRAM 4MB", _ => "Unknown Embedded PSRAM" };
                string? vendor = Esp32EfuseBlocks.Bits(w4, 8, 7) switch { 1 => "AP_3v3", 2 => "AP_1v8", _ => null };
                features.Add(vendor is null ? psram : psram + " (" + vendor + ")");
            }

            string name = package switch { 0 => "ESP32-S3 (QFN56)", 1 => "ESP32-S3-PICO-1 (LGA56)", _ => "Unknown ESP32-S3" };
            return Info(efuses, magic, name, (major, minor), features);
        }

        /// <summary>The ECO0 parts reused the revision fields: block version 1.1 with minor's low bits 0 means v0.0 (§2.3).</summary>
        public static bool IsEco0(int minorRaw, int blockVersionMajor, int blockVersionMinor) =>
            (minorRaw & 7) == 0 && blockVersionMajor == 1 && blockVersionMinor == 1;

        /// <summary>Flash vendor codes of the S3's w4 2:0 (§2.3).</summary>
        public static string? FlashVendor(int code) => code switch { 1 => "XMC", 2 => "GD", 3 => "FM", 4 => "TT", 5 => "BY", _ => null };
    }
}
