using System;
using System.Collections.Generic;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>
    /// Which MicroPython port a board belongs to, and so which file to download: the port decides the
    /// format the board's loader takes (STM32 DFU bootloader: .dfu; ESP ROM loader: .bin; RP2/SAMD/nRF
    /// UF2 bootloaders: .uf2). Unknown boards fall back to the one firmware format their page offers.
    /// </summary>
    public static class MicroPythonBoards
    {
        /// <summary>Board-name prefixes (upper case) to port; the longest matching prefix wins.</summary>
        private static readonly KeyValuePair<string, string>[] PortPrefixes =
        {
            new("PYBV", "stm32"),
            new("PYBLITE", "stm32"),
            new("PYBD_", "stm32"),
            new("NUCLEO_", "stm32"),
            new("STM32", "stm32"),
            new("B_L", "stm32"),
            new("ESP32", "esp32"),
            new("UM_", "esp32"),
            new("LOLIN_S2", "esp32"),
            new("LOLIN_C3", "esp32"),
            new("M5STACK", "esp32"),
            new("ARDUINO_NANO_ESP32", "esp32"),
            new("SEEED_XIAO_ESP32", "esp32"),
            new("LILYGO_T3_S3", "esp32"),
            new("WAVESHARE_ESP32", "esp32"),
            new("GARATRONIC_PYBSTICK26_ESP32", "esp32"),
            new("ESP8266", "esp8266"),
            new("RPI_PICO", "rp2"),
            new("ADAFRUIT_FEATHER_RP2040", "rp2"),
            new("ADAFRUIT_ITSYBITSY_M", "samd"),
            new("SEEED_WIO_TERMINAL", "samd"),
            new("SEEED_XIAO_SAMD21", "samd"),
            new("PCA10", "nrf"),
            new("MIMXRT", "mimxrt"),
            new("TEENSY", "mimxrt"),
        };

        /// <summary>Firmware formats per port, preferred first.</summary>
        private static readonly Dictionary<string, string[]> PortExtensions = new(StringComparer.OrdinalIgnoreCase)
        {
            ["stm32"] = new[] { "dfu" },
            ["esp32"] = new[] { "bin" },
            ["esp8266"] = new[] { "bin" },
            ["rp2"] = new[] { "uf2" },
            ["samd"] = new[] { "uf2" },
            ["nrf"] = new[] { "uf2", "hex" },
            ["mimxrt"] = new[] { "hex" },
            ["renesas-ra"] = new[] { "hex" },
        };

        /// <summary>Extensions that are firmware images (not debug symbols or maps); used when the port is unknown.</summary>
        internal static readonly string[] FirmwareExtensions = { "dfu", "bin", "uf2", "hex" };

        /// <summary>Board names known to exist on micropython.org, for "did you mean" suggestions.</summary>
        public static IReadOnlyList<string> KnownBoards { get; } = new[]
        {
            "PYBV11", "PYBV10", "PYBV3", "PYBLITEV10", "PYBD_SF2", "PYBD_SF3", "PYBD_SF6",
            "NUCLEO_F401RE", "NUCLEO_F411RE", "NUCLEO_F446RE", "NUCLEO_F722ZE", "NUCLEO_F767ZI", "NUCLEO_H743ZI", "NUCLEO_L476RG", "NUCLEO_WB55", "STM32F4DISC", "STM32F769DISC", "B_L475E_IOT01A",
            "ESP32_GENERIC", "ESP32_GENERIC_C3", "ESP32_GENERIC_C6", "ESP32_GENERIC_S2", "ESP32_GENERIC_S3", "UM_TINYPICO", "M5STACK_ATOM",
            // The vendor boards micropython.org lists for the S2, S3, C3 and C6 (docs/protocols/esp32-family.md §4.3).
            "LOLIN_S2_MINI", "LOLIN_S2_PICO", "UM_TINYS2", "UM_FEATHERS2", "UM_FEATHERS2NEO",
            "UM_TINYS3", "UM_FEATHERS3", "UM_FEATHERS3NEO", "UM_PROS3", "UM_NANOS3", "UM_OMGS3", "UM_TINYWATCHS3", "UM_RGBTOUCH_MINI",
            "SEEED_XIAO_ESP32S3", "M5STACK_ATOMS3_LITE", "LILYGO_T3_S3", "WAVESHARE_ESP32_S3_PICO", "ARDUINO_NANO_ESP32",
            "LOLIN_C3_MINI", "SEEED_XIAO_ESP32C3", "GARATRONIC_PYBSTICK26_ESP32C3",
            "SEEED_XIAO_ESP32C6", "M5STACK_NANOC6", "UM_TINYC6",
            "ESP8266_GENERIC",
            "RPI_PICO", "RPI_PICO_W", "RPI_PICO2", "RPI_PICO2_W", "ADAFRUIT_FEATHER_RP2040",
            "SEEED_WIO_TERMINAL", "SEEED_XIAO_SAMD21", "ADAFRUIT_ITSYBITSY_M4_EXPRESS",
            "PCA10040", "PCA10056", "MIMXRT1060_EVK", "TEENSY41", "WIPY",
        };

        /// <summary>The port of a board, or null when the table does not know it.</summary>
        public static string? PortOf(string board)
        {
            string upper = board.ToUpperInvariant();
            string? port = null;
            int best = 0;
            foreach (KeyValuePair<string, string> p in PortPrefixes)
            {
                if (upper.StartsWith(p.Key, StringComparison.Ordinal) && p.Key.Length > best)
                {
                    best = p.Key.Length;
                    port = p.Value;
                }
            }

            return port;
        }

        /// <summary>The firmware formats to take for a port, preferred first; empty for an unknown port.</summary>
        public static IReadOnlyList<string> ExtensionsFor(string? port) =>
            port != null && PortExtensions.TryGetValue(port, out string[]? extensions) ? extensions : Array.Empty<string>();
    }
}
