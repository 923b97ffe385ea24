using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// Linux: the ports under <c>/sys/class/tty</c> that have a device behind them, and for USB ones the USB device's
    /// attributes. The USB side is found from <c>/sys/bus/usb/devices</c>: an interface (<c>1-1.2:1.0</c>) holds its
    /// tty either directly (usb-serial drivers: <c>ttyUSB0</c>) or under <c>tty/</c> (cdc_acm: <c>tty/ttyACM0</c>),
    /// and its device (<c>1-1.2</c>, also the port path dfu-util prints) has idVendor, idProduct, serial, manufacturer
    /// and product. Only file names and file contents are read, never symlink targets, so a fake tree of plain
    /// directories (the tests') reads the same as the kernel's.
    /// </summary>
    /// <remarks>
    /// Skipped: ttys without a device (virtual consoles, ptys) and the serial8250 driver's placeholder ttyS ports,
    /// which exist whether or not a UART does. Other non-USB ports (a real 16550 ttyS0, a Raspberry Pi's ttyAMA0)
    /// are listed without USB ids.
    /// </remarks>
    public sealed class LinuxSerialPortReader
    {
        /// <summary>Points the reader at a fake sysfs (the directory that stands for /sys), for tests and demos.</summary>
        public const string SysfsRootVariable = "FIRMWARETOOLS_SYSFS_ROOT";

        /// <summary>The directory the listed ports' names are in, instead of /dev (a fake sysfs's pseudo-terminals).</summary>
        public const string DeviceDirectoryVariable = "FIRMWARETOOLS_DEV_ROOT";

        private const string PlaceholderDriver = "serial8250";

        /// <summary>The serial core's port and controller devices (Linux 6.5+), between a UART's tty and its hardware.</summary>
        private const string SerialCorePortDriver = "port";

        private const string SerialCoreControllerDriver = "ctrl";

        public LinuxSerialPortReader(string sysfsRoot = "/sys", string deviceDirectory = "/dev")
        {
            SysfsRoot = sysfsRoot;
            DeviceDirectory = deviceDirectory;
        }

        public string SysfsRoot { get; }

        public string DeviceDirectory { get; }

        /// <summary>The reader for this process: /sys, or the directory named by FIRMWARETOOLS_SYSFS_ROOT.</summary>
        public static LinuxSerialPortReader FromEnvironment()
        {
            string? root = Environment.GetEnvironmentVariable(SysfsRootVariable);
            string? devices = Environment.GetEnvironmentVariable(DeviceDirectoryVariable);
            return new LinuxSerialPortReader(string.IsNullOrEmpty(root) ? "/sys" : root!, string.IsNullOrEmpty(devices) ? "/dev" : devices!);
        }

        public IReadOnlyList<SerialPortInfo> Read()
        {
            string classTty = Path.Combine(SysfsRoot, "class", "tty");
            if (!Directory.Exists(classTty))
            {
                return Array.Empty<SerialPortInfo>();
            }

            Dictionary<string, (string Device, string Interface)> usbTtys = FindUsbTtys();
            var ports = new List<SerialPortInfo>();
            foreach (string ttyDir in Directory.EnumerateFileSystemEntries(classTty))
            {
                string name = Path.GetFileName(ttyDir);
                string device = Path.Combine(ttyDir, "device");
                if (!Directory.Exists(device))
                {
                    continue;
                }

                string? driver = HardwareDriver(device, UeventValue(Path.Combine(device, "uevent"), "DRIVER"));
                if (string.Equals(driver, PlaceholderDriver, StringComparison.Ordinal))
                {
                    continue;
                }

                var info = new SerialPortInfo(DeviceDirectory.TrimEnd('/') + "/" + name) { Driver = driver };
                if (usbTtys.TryGetValue(name, out (string Device, string Interface) usb))
                {
                    FillUsb(info, usb.Device, usb.Interface);
                }

                info.Description = info.Product ?? info.Driver;
                ports.Add(info);
            }

            return ports.OrderBy(p => p.Port, NaturalPortNameComparer.Instance).ToList();
        }

        /// <summary>
        /// Since Linux 6.5 a UART's tty points at the serial core's own "port" device, under a "ctrl" device, under the
        /// hardware's (8250 on PNP: "serial"; on a platform bus: "serial8250"). Those two say nothing about the port (the
        /// listing read "Product: port" for /dev/ttyS0), so the hardware's driver is named instead.
        /// </summary>
        private static string? HardwareDriver(string device, string? driver)
        {
            string? current = device;
            for (int level = 0; level < 2 && current != null && (driver == SerialCorePortDriver || driver == SerialCoreControllerDriver); level++)
            {
                // "device/.." would be cut lexically by .NET's path handling; the parent of the link's target is meant.
                current = Path.GetDirectoryName(FileLinks.Resolve(current));
                driver = current is null ? null : UeventValue(Path.Combine(current, "uevent"), "DRIVER");
            }

            return driver == SerialCorePortDriver || driver == SerialCoreControllerDriver ? null : driver;
        }

        private static string? UeventValue(string uevent, string key)
        {
            string? text = ReadAttribute(uevent);
            if (text is null)
            {
                return null;
            }

            foreach (string line in text.Split('\n'))
            {
                if (line.StartsWith(key + "=", StringComparison.Ordinal))
                {
                    return line.Substring(key.Length + 1).Trim();
                }
            }

            return null;
        }

        private static string? ReadAttribute(string path)
        {
            try
            {
                if (!File.Exists(path))
                {
                    return null;
                }

                string value = File.ReadAllText(path).Trim();
                return value.Length == 0 ? null : value;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                // Some attributes are root-only or vanish when the device unplugs mid-listing.
                return null;
            }
        }

        private static ushort? ReadHex(string path) =>
            ReadAttribute(path) is string text && ushort.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort value) ? value : (ushort?)null;

        private Dictionary<string, (string Device, string Interface)> FindUsbTtys()
        {
            var found = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
            string usbDevices = Path.Combine(SysfsRoot, "bus", "usb", "devices");
            if (!Directory.Exists(usbDevices))
            {
                return found;
            }

            foreach (string iface in Directory.EnumerateFileSystemEntries(usbDevices))
            {
                string ifaceName = Path.GetFileName(iface);
                int colon = ifaceName.IndexOf(':');
                if (colon <= 0)
                {
                    continue;
                }

                string deviceName = ifaceName.Substring(0, colon);
                foreach (string tty in TtyNamesUnder(iface))
                {
                    found[tty] = (deviceName, ifaceName);
                }
            }

            return found;
        }

        private static IEnumerable<string> TtyNamesUnder(string iface)
        {
            IEnumerable<string> direct = SafeDirectories(iface).Select(Path.GetFileName).Where(n => n!.StartsWith("tty", StringComparison.Ordinal) && n != "tty")!;
            string ttyClass = Path.Combine(iface, "tty");
            IEnumerable<string> nested = Directory.Exists(ttyClass) ? SafeDirectories(ttyClass).Select(Path.GetFileName)! : Enumerable.Empty<string>();
            return direct.Concat(nested).ToList();
        }

        private static IEnumerable<string> SafeDirectories(string path)
        {
            try
            {
                return Directory.GetDirectories(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return Array.Empty<string>();
            }
        }

        private void FillUsb(SerialPortInfo info, string deviceName, string interfaceName)
        {
            string device = Path.Combine(SysfsRoot, "bus", "usb", "devices", deviceName);
            string iface = Path.Combine(SysfsRoot, "bus", "usb", "devices", interfaceName);
            info.VendorId = ReadHex(Path.Combine(device, "idVendor"));
            info.ProductId = ReadHex(Path.Combine(device, "idProduct"));
            info.SerialNumber = ReadAttribute(Path.Combine(device, "serial"));
            info.Manufacturer = ReadAttribute(Path.Combine(device, "manufacturer"));
            info.Product = ReadAttribute(Path.Combine(device, "product")) ?? ReadAttribute(Path.Combine(iface, "interface"));
            info.UsbLocation = deviceName;
            if (ReadHex(Path.Combine(iface, "bInterfaceNumber")) is ushort number)
            {
                info.InterfaceNumber = number;
            }

            info.Driver ??= UeventValue(Path.Combine(iface, "uevent"), "DRIVER");
        }
    }
}
