using System.Collections.Generic;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>USB ids of the boards and USB-UART bridges this module meets, so Get-SerialPort can say what a port is.</summary>
    public static class KnownSerialDevices
    {
        private static readonly Dictionary<uint, string> Known = new Dictionary<uint, string>
        {
            [Key(0xF055, 0x9800)] = "MicroPython board (USB CDC REPL)",
            [Key(0x0483, 0x5740)] = "pyboard (STM32 USB CDC REPL)",
            [Key(0x10C4, 0xEA60)] = "Silicon Labs CP210x USB-UART (ESP32 DevKit)",
            [Key(0x0403, 0x6001)] = "FTDI FT232R USB-UART",
            [Key(0x0403, 0x6015)] = "FTDI FT231X USB-UART",
            [Key(0x1A86, 0x7523)] = "WCH CH340 USB-UART",
            [Key(0x1A86, 0x55D4)] = "WCH CH9102 USB-UART",
            [Key(0x04D8, 0xEF98)] = "Pycom Expansion Board 3 PIC (flash the WiPy with -Before PycomPic)",
            [Key(0x04D8, 0xF012)] = "Pycom Pytrack PIC (flash the module with -Before PycomPic)",
            [Key(0x04D8, 0xF013)] = "Pycom Pysense PIC (flash the module with -Before PycomPic)",
            [Key(0x303A, 0x1001)] = "Espressif USB-JTAG/serial (ESP32-S3/C3/C6 USB-Serial/JTAG; Install-Esp32Firmware resets it its own way)",
            [Key(0x303A, 0x0002)] = "ESP32-S2 ROM loader on USB-OTG (leaves it by watchdog reset; the port comes back under another name)",
            [Key(0x303A, 0x0009)] = "ESP32-S3 ROM loader on USB-OTG (leaves it by watchdog reset; the port comes back under another name)",
            [Key(0x303A, 0x4001)] = "MicroPython on ESP32-S2/S3 native USB (TinyUSB CDC)",
        };

        /// <summary>The description of a known id, else null.</summary>
        public static string? Describe(ushort vendorId, ushort productId) =>
            Known.TryGetValue(Key(vendorId, productId), out string? name) ? name : null;

        /// <summary>
        /// The vendors whose ids on a serial port are a USB-UART bridge (docs/protocols/board-update.md §2.1): Silicon Labs'
        /// CP210x (10C4), WCH's CH340/CH343/CH9102 (1A86), FTDI (0403) and Prolific's PL2303 (067B). Matched by vendor, so a
        /// bridge of theirs whose product id the table above does not list is still a bridge.
        /// </summary>
        private static readonly HashSet<ushort> UsbUartBridgeVendors = new HashSet<ushort> { 0x10C4, 0x1A86, 0x0403, 0x067B };

        /// <summary>True when <paramref name="vendorId"/> makes USB-UART bridges (<see cref="UsbUartBridgeVendors"/>).</summary>
        public static bool IsUsbUartBridgeVendor(ushort vendorId) => UsbUartBridgeVendors.Contains(vendorId);

        /// <summary>The PIC USB bridges of Pycom's Expansion Board 3, Pytrack and Pysense, which reset the module through -Before PycomPic.</summary>
        public static bool IsPycomPic(ushort vendorId, ushort productId) =>
            vendorId == 0x04D8 && (productId == 0xEF98 || productId == 0xF012 || productId == 0xF013);

        private static uint Key(ushort vendorId, ushort productId) => ((uint)vendorId << 16) | productId;
    }
}
