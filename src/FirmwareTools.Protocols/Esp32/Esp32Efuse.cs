using System.Collections.Generic;
using System.Globalization;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>Decodes the ESP32's eFuse read words (docs/protocols/esp32-rom-loader.md §4.3) and the crystal estimate (§4.4). Pure, so it is tested with numbers.</summary>
    public static class Esp32Efuse
    {
        /// <summary>Words 0..6 of EFUSE_RD_REG_BASE are all the decoding needs.</summary>
        public const int WordsRead = 7;

        public static Esp32ChipInfo Decode(uint magic, IReadOnlyList<uint> words, uint apbCtlDate, uint uartClockDiv, int baudRate)
        {
            uint w3 = words[3];
            uint w4 = words[4];
            uint w5 = words[5];
            uint w6 = words[6];
            int package = (int)(((w3 >> 9) & 7) + (((w3 >> 2) & 1) << 3));
            bool singleCore = (w3 & 1) != 0;
            int revBits = (int)(((w3 >> 15) & 1) | (((w5 >> 20) & 1) << 1) | (((apbCtlDate >> 31) & 1) << 2));
            int major = revBits switch
            {
                1 => 1,
                3 => 2,
                7 => 3,
                _ => 0,
            };
            int minor = (int)((w5 >> 24) & 3);

            var features = new List<string> { "Wi-Fi" };
            if ((w3 & 2) == 0)
            {
                features.Add("BT");
            }

            features.Add(singleCore ? "Single Core" : "Dual Core");
            features.Add((w3 & (1 << 13)) != 0 && (w3 & (1 << 12)) != 0 ? "160MHz" : "240MHz");
            if (((w4 >> 8) & 0x1F) != 0)
            {
                features.Add("Vref calibration in eFuse");
            }

            if ((w3 & (1 << 14)) != 0)
            {
                features.Add("BLK3 partially reserved");
            }

            features.Add("Coding Scheme " + ((w6 & 3) switch { 1 => "3/4", 2 => "Repeat (UNSUPPORTED)", _ => "None" }));

            (int crystal, bool unusual) = Crystal(uartClockDiv, baudRate);
            return new Esp32ChipInfo
            {
                Chip = "ESP32",
                Magic = magic,
                MajorRevision = major,
                MinorRevision = minor,
                Description = string.Format(CultureInfo.InvariantCulture, "{0} (revision v{1}.{2})", PackageName(package, singleCore, major), major, minor),
                Mac = Mac(words[1], words[2]),
                Features = features,
                CrystalMhz = crystal,
                CrystalEstimateUnusual = unusual,
                SpiPadConfig = SpiPads(w3, w5),
            };
        }

        /// <summary>MAC[0..1] from word 2's low 16 bits (high byte first), MAC[2..5] from word 1, most significant first.</summary>
        public static string Mac(uint word1, uint word2) => string.Format(CultureInfo.InvariantCulture,
            "{0:x2}:{1:x2}:{2:x2}:{3:x2}:{4:x2}:{5:x2}",
            (word2 >> 8) & 0xFF, word2 & 0xFF, (word1 >> 24) & 0xFF, (word1 >> 16) & 0xFF, (word1 >> 8) & 0xFF, word1 & 0xFF);

        public static string PackageName(int package, bool singleCore, int majorRevision) => package switch
        {
            0 => singleCore ? "ESP32-S0WDQ6" : majorRevision == 3 ? "ESP32-D0WDQ6-V3" : "ESP32-D0WDQ6",
            1 => singleCore ? "ESP32-S0WD" : majorRevision == 3 ? "ESP32-D0WD-V3" : "ESP32-D0WD",
            2 => "ESP32-D2WD",
            4 => "ESP32-U4WDH",
            5 => majorRevision == 3 ? "ESP32-PICO-V3" : "ESP32-PICO-D4",
            6 => "ESP32-PICO-V3-02",
            7 => "ESP32-D0WDR2-V3",
            _ => "ESP32 (unknown package " + package.ToString(CultureInfo.InvariantCulture) + ")",
        };

        /// <summary>est = baud × divider / 1e6, snapped to 48/40/26 MHz; flagged when more than 1 MHz off.</summary>
        public static (int Mhz, bool Unusual) Crystal(uint uartClockDiv, int baudRate)
        {
            double estimate = baudRate * (double)(uartClockDiv & Esp32Target.UartClockDivMask) / 1e6;
            int snapped = estimate > 45 ? 48 : estimate > 33 ? 40 : 26;
            return (snapped, System.Math.Abs(estimate - snapped) > 1);
        }

        /// <summary>SPI_ATTACH pad word from the eFuse pad config: 0 when every pad is 0 (default pins), else HD|CS|D|Q|CLK packed.</summary>
        public static uint SpiPads(uint word3, uint word5)
        {
            uint clk = word5 & 0x1F;
            uint q = (word5 >> 5) & 0x1F;
            uint d = (word5 >> 10) & 0x1F;
            uint cs = (word5 >> 15) & 0x1F;
            uint hd = (word3 >> 4) & 0x1F;
            if ((clk | q | d | cs | hd) == 0)
            {
                return 0;
            }

            return hd << 24 | cs << 18 | d << 12 | q << 6 | clk;
        }
    }
}
