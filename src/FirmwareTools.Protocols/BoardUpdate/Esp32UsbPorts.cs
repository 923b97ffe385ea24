using System;
using System.Collections.Generic;
using System.Linq;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>
    /// The serial-port listing as the ESP32 routes on native USB read it (docs/protocols/board-update.md §2.1, §3.4, §3.5):
    /// which port is which USB device, and which of them is this board by its MAC (the USB serial number) or its USB location.
    /// </summary>
    public static class Esp32UsbPorts
    {
        /// <summary><paramref name="port"/>'s entry in <paramref name="ports"/>, or null (a network port, or one not listed).</summary>
        public static SerialPortInfo? Listing(IEnumerable<SerialPortInfo> ports, string port) =>
            Esp32Board.Esp32Installer.ListingOf(port, ports);

        /// <summary>True when the listed port is Espressif's <paramref name="productId"/>.</summary>
        public static bool Is(SerialPortInfo port, ushort productId) =>
            port?.VendorId is HexUsbId vid && vid.Value == Esp32Connections.EspressifVendorId && port.ProductId is HexUsbId pid && pid.Value == productId;

        /// <summary>True when the listed port has the vendor and product ids <paramref name="vendorId"/>:<paramref name="productId"/>.</summary>
        public static bool Is(SerialPortInfo port, HexUsbId vendorId, HexUsbId productId) =>
            port?.VendorId is HexUsbId vid && vid.Value == vendorId.Value && port.ProductId is HexUsbId pid && pid.Value == productId.Value;

        /// <summary>True when the listed port is a USB-UART bridge's (<see cref="KnownSerialDevices.IsUsbUartBridgeVendor"/>), whose name stays while the chip behind it resets.</summary>
        public static bool IsUsbUartBridge(SerialPortInfo port) =>
            port?.VendorId is HexUsbId vid && KnownSerialDevices.IsUsbUartBridgeVendor(vid.Value);

        /// <summary>The port's USB ids as messages write them (<c>239A:811B</c>), or "no USB ids".</summary>
        public static string UsbIds(SerialPortInfo port) =>
            port?.VendorId is HexUsbId vid && port.ProductId is HexUsbId pid
                ? string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0:X4}:{1:X4}", vid.Value, pid.Value)
                : "no USB ids";

        /// <summary>True when the port's USB serial number carries <paramref name="mac"/> (12 hex digits, any case).</summary>
        public static bool HasMac(SerialPortInfo port, string mac) =>
            port != null && string.Equals(Esp32PortFinder.MacOf(port.SerialNumber), mac, StringComparison.OrdinalIgnoreCase);

        /// <summary>The MAC as the USB-Serial/JTAG writes it (<c>60:55:F9:01:02:03</c>), for messages.</summary>
        public static string Colons(string mac) =>
            mac is null || mac.Length != 12 ? mac ?? "(none)" : string.Join(":", Enumerable.Range(0, 6).Select(i => mac.Substring(2 * i, 2).ToUpperInvariant()));

        /// <summary>One port as messages show it: <c>/dev/ttyACM1 (303A:1001, serial 60:55:F9:01:02:03, at 1-1.3)</c>.</summary>
        public static string Describe(SerialPortInfo port)
        {
            if (port is null)
            {
                throw new ArgumentNullException(nameof(port));
            }

            return $"{port.Port} ({port.Id ?? "no USB ids"}, serial {port.SerialNumber ?? "(none)"}, at {port.UsbLocation ?? "(unknown location)"})";
        }

        /// <summary>The ports listed now that were not listed before (by name, ids and serial), described.</summary>
        public static List<string> Added(IEnumerable<SerialPortInfo> before, IEnumerable<SerialPortInfo> now)
        {
            var seen = new HashSet<string>(before.Select(Describe), StringComparer.OrdinalIgnoreCase);
            return now.Select(Describe).Where(d => !seen.Contains(d)).ToList();
        }
    }
}
