using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// Lists the machine's serial ports with the USB facts the OS knows (sysfs on Linux, the I/O registry on macOS, the
    /// device registry on Windows), then the serial ports on the loopback USB bridges FIRMWARETOOLS_USB_BRIDGE names.
    /// </summary>
    public static class SerialPortFinder
    {
        public static IReadOnlyList<SerialPortInfo> Find()
        {
            var ports = new List<SerialPortInfo>(OsPorts());
            ports.AddRange(UsbBridgeSerialPorts.List());
            return ports;
        }

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
