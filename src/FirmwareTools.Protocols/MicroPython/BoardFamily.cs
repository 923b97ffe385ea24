namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>The board families the module flashes, each with its own bootloader path (docs/protocols/board-update.md §3).</summary>
    public enum BoardFamily
    {
        /// <summary>STM32 boards (pyboards, Discovery, Nucleo, WeAct): USB DFU.</summary>
        Stm32,

        /// <summary>The ESP32 family (ESP32, S2, S3, C3, C6) running MicroPython from micropython.org: the ROM serial loader.</summary>
        Esp32,

        /// <summary>ESP8266: recognised, not flashed by this module.</summary>
        Esp8266,

        /// <summary>Raspberry Pi RP2040 and RP2350: PICOBOOT or the BOOTSEL drive.</summary>
        Rp2,

        /// <summary>Pycom boards (WiPy, LoPy, ...) on Pycom's own firmware: Pycom packages, never micropython.org images.</summary>
        Pycom,
    }
}
