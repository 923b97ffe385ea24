using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// Lists the machine's serial ports with the USB facts the OS knows (sysfs on Linux, the I/O registry on macOS, the
    /// device registry on Windows), then the serial ports on the loopback USB bridges FIRMWARETOOLS_USB_BRIDGE names,
    /// except a bridge's device that the OS already lists by the same USB ids and serial number (one board, one entry).
    /// </summary>
    public static class SerialPortFinder
    {
        public static IReadOnlyList<SerialPortInfo> Find() => Merge(OsPorts(), UsbBridgeSerialPorts.List());

        /// <summary>The OS's ports, then the bridges' ports that are not one of them by USB ids and serial number.</summary>
        public static IReadOnlyList<SerialPortInfo> Merge(IEnumerable<SerialPortInfo> osPorts, IEnumerable<SerialPortInfo> bridgePorts)
        {
            var ports = new List<SerialPortInfo>(osPorts ?? throw new ArgumentNullException(nameof(osPorts)));
            var listed = new HashSet<string>(ports.Where(p => p.SerialNumber != null).Select(Identity), StringComparer.OrdinalIgnoreCase);
            ports.AddRange((bridgePorts ?? throw new ArgumentNullException(nameof(bridgePorts))).Where(p => p.SerialNumber is null || !listed.Contains(Identity(p))));
            return ports;
        }

        private static string Identity(SerialPortInfo port) => $"{port.Id} {port.SerialNumber}";

        private static IReadOnlyList<SerialPortInfo> OsPorts()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return WindowsSerialPortReader.Read();
            }

            if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX))
            {
                return MacSerialPortReader.Read();
            }

            return LinuxSerialPortReader.FromEnvironment().Read();
        }

        /// <summary>Ports whose ids match (null matches anything) and whose name matches the predicate.</summary>
        public static IReadOnlyList<SerialPortInfo> Filter(IEnumerable<SerialPortInfo> ports, ushort? vendorId, ushort? productId, Func<string, bool>? portMatches = null) =>
            ports.Where(p => (!vendorId.HasValue || p.VendorId == vendorId) &&
                             (!productId.HasValue || p.ProductId == productId) &&
                             (portMatches is null || portMatches(p.Port)))
                 .ToList();
    }
}
