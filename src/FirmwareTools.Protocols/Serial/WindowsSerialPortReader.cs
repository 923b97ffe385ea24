using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO.Ports;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// Windows: the COM ports System.IO.Ports lists (HARDWARE\DEVICEMAP\SERIALCOMM), matched to USB devices through
    /// the device registry: HKLM\SYSTEM\CurrentControlSet\Enum\USB\VID_xxxx&amp;PID_yyyy[&amp;MI_nn]\instance\Device
    /// Parameters\PortName. The registry is read through advapi32 directly because netstandard2.0 has no Registry
    /// class without a package the module would have to ship. Compile-only here: no test runs it.
    /// </summary>
    public static class WindowsSerialPortReader
    {
        private const string UsbEnumKey = @"SYSTEM\CurrentControlSet\Enum\USB";
        private static readonly UIntPtr HKEY_LOCAL_MACHINE = new UIntPtr(0x80000002u);
        private const int KEY_READ = 0x20019;
        private const int ERROR_SUCCESS = 0;

        public static IReadOnlyList<SerialPortInfo> Read()
        {
            SystemIoPortsResolver.EnsureRegistered();
            string[] names = PortNames();
            var byName = names.Distinct(StringComparer.OrdinalIgnoreCase).ToDictionary(n => n, n => new SerialPortInfo(n), StringComparer.OrdinalIgnoreCase);
            foreach ((string hardware, string instance, string port, string? friendly) in UsbPorts())
            {
                if (!byName.TryGetValue(port, out SerialPortInfo? info))
                {
                    continue;
                }

                ApplyHardwareId(info, hardware, instance);
                info.Description = friendly;
            }

            return byName.Values.OrderBy(p => p.Port, NaturalPortNameComparer.Instance).ToList();
        }

        /// <summary>"VID_10C4&amp;PID_EA60" (and "&amp;MI_01" on a composite device) plus the instance key into ids and serial.</summary>
        internal static void ApplyHardwareId(SerialPortInfo info, string hardware, string instance)
        {
            foreach (string part in hardware.Split('&'))
            {
                string[] kv = part.Split('_');
                if (kv.Length != 2)
                {
                    continue;
                }

                if (kv[0].Equals("VID", StringComparison.OrdinalIgnoreCase) && ushort.TryParse(kv[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort vid))
                {
                    info.VendorId = vid;
                }
                else if (kv[0].Equals("PID", StringComparison.OrdinalIgnoreCase) && ushort.TryParse(kv[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort pid))
                {
                    info.ProductId = pid;
                }
                else if (kv[0].Equals("MI", StringComparison.OrdinalIgnoreCase) && int.TryParse(kv[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int mi))
                {
                    info.InterfaceNumber = mi;
                }
            }

            // Windows makes up instance ids with '&' for devices without a serial number ("6&2b1c3d&0&2").
            if (instance.IndexOf('&') < 0)
            {
                info.SerialNumber = instance;
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static string[] PortNames() => SerialPort.GetPortNames();

        private static IEnumerable<(string Hardware, string Instance, string Port, string? Friendly)> UsbPorts()
        {
            var found = new List<(string, string, string, string?)>();
            if (RegOpenKeyEx(HKEY_LOCAL_MACHINE, UsbEnumKey, 0, KEY_READ, out IntPtr usb) != ERROR_SUCCESS)
            {
                return found;
            }

            try
            {
                foreach (string hardware in SubKeys(usb))
                {
                    if (RegOpenKeyEx(usb, hardware, 0, KEY_READ, out IntPtr hardwareKey) != ERROR_SUCCESS)
                    {
                        continue;
                    }

                    try
                    {
                        foreach (string instance in SubKeys(hardwareKey))
                        {
                            string? port = StringValue(hardwareKey, instance + @"\Device Parameters", "PortName");
                            if (port is not null)
                            {
                                found.Add((hardware, instance, port, StringValue(hardwareKey, instance, "FriendlyName")));
                            }
                        }
                    }
                    finally
                    {
                        RegCloseKey(hardwareKey);
                    }
                }
            }
            finally
            {
                RegCloseKey(usb);
            }

            return found;
        }

        private static List<string> SubKeys(IntPtr key)
        {
            var names = new List<string>();
            var name = new StringBuilder(256);
            for (int index = 0; ; index++)
            {
                int length = name.Capacity;
                name.Clear();
                if (RegEnumKeyEx(key, index, name, ref length, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero) != ERROR_SUCCESS)
                {
                    return names;
                }

                names.Add(name.ToString());
            }
        }

        private static string? StringValue(IntPtr parent, string subKey, string valueName)
        {
            if (RegOpenKeyEx(parent, subKey, 0, KEY_READ, out IntPtr key) != ERROR_SUCCESS)
            {
                return null;
            }

            try
            {
                int size = 1024;
                var data = new byte[size];
                if (RegQueryValueEx(key, valueName, IntPtr.Zero, out int type, data, ref size) != ERROR_SUCCESS || (type != 1 && type != 2))
                {
                    return null;
                }

                return Encoding.Unicode.GetString(data, 0, size).TrimEnd('\0');
            }
            finally
            {
                RegCloseKey(key);
            }
        }

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, EntryPoint = "RegOpenKeyExW")]
        private static extern int RegOpenKeyEx(UIntPtr hKey, string subKey, int options, int samDesired, out IntPtr result);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, EntryPoint = "RegOpenKeyExW")]
        private static extern int RegOpenKeyEx(IntPtr hKey, string subKey, int options, int samDesired, out IntPtr result);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, EntryPoint = "RegEnumKeyExW")]
        private static extern int RegEnumKeyEx(IntPtr hKey, int index, StringBuilder name, ref int nameLength, IntPtr reserved, IntPtr className, IntPtr classLength, IntPtr lastWriteTime);

        [DllImport("advapi32.dll", CharSet = CharSet.Unicode, EntryPoint = "RegQueryValueExW")]
        private static extern int RegQueryValueEx(IntPtr hKey, string valueName, IntPtr reserved, out int type, byte[] data, ref int dataLength);

        [DllImport("advapi32.dll")]
        private static extern int RegCloseKey(IntPtr hKey);
    }
}
