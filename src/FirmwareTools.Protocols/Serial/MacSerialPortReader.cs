using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// macOS: the I/O registry as <c>ioreg -r -c IOUSBHostDevice -l</c> prints it. Each IOSerialBSDClient's
    /// IOCalloutDevice (<c>/dev/cu.*</c>, the node that opens without waiting for carrier) becomes a port, with the
    /// properties of the nearest IOUSBHostDevice above it. <see cref="Parse"/> is pure and tested on captured-shaped
    /// text; running ioreg is macOS-only and not exercised here.
    /// </summary>
    public static class MacSerialPortReader
    {
        private const string UsbDeviceClass = "IOUSBHostDevice";

        public static IReadOnlyList<SerialPortInfo> Read()
        {
            var start = new ProcessStartInfo("ioreg", "-r -c IOUSBHostDevice -l")
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
                CreateNoWindow = true,
            };
            using Process? process = Process.Start(start);
            if (process is null)
            {
                return Array.Empty<SerialPortInfo>();
            }

            string text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return Parse(text);
        }

        public static IReadOnlyList<SerialPortInfo> Parse(string ioregOutput)
        {
            var ports = new List<SerialPortInfo>();
            var stack = new List<Node>();
            foreach (string rawLine in ioregOutput.Split('\n'))
            {
                string line = rawLine.TrimEnd('\r');
                int node = line.IndexOf("+-o ", StringComparison.Ordinal);
                if (node >= 0)
                {
                    while (stack.Count > 0 && stack[stack.Count - 1].Column >= node)
                    {
                        stack.RemoveAt(stack.Count - 1);
                    }

                    int classAt = line.IndexOf("<class ", StringComparison.Ordinal);
                    string cls = classAt < 0 ? string.Empty : line.Substring(classAt + 7).Split(',', '>')[0].Trim();
                    stack.Add(new Node(node, cls));
                    continue;
                }

                int eq = line.IndexOf("\" = ", StringComparison.Ordinal);
                int keyStart = line.IndexOf('"');
                if (stack.Count == 0 || eq < 0 || keyStart < 0 || keyStart >= eq)
                {
                    continue;
                }

                string key = line.Substring(keyStart + 1, eq - keyStart - 1);
                string value = line.Substring(eq + 4).Trim();
                if (value.Length >= 2 && value[0] == '"' && value[value.Length - 1] == '"')
                {
                    value = value.Substring(1, value.Length - 2);
                }

                stack[stack.Count - 1].Properties[key] = value;
                if (key == "IOCalloutDevice")
                {
                    Node? usb = stack.LastOrDefault(n => n.Class == UsbDeviceClass);
                    ports.Add(ToInfo(value, usb));
                }
            }

            return ports.OrderBy(p => p.Port, NaturalPortNameComparer.Instance).ToList();
        }

        /// <summary>locationID 0x14120000 is bus 0x14, ports 1.2: "20-1.2", as libusb (and so Get-DfuDevice) numbers it on macOS.</summary>
        public static string LocationToPortPath(uint locationId)
        {
            var ports = new List<string>();
            for (int shift = 20; shift >= 0; shift -= 4)
            {
                uint port = (locationId >> shift) & 0xF;
                if (port == 0)
                {
                    break;
                }

                ports.Add(port.ToString(CultureInfo.InvariantCulture));
            }

            return (locationId >> 24).ToString(CultureInfo.InvariantCulture) + "-" + string.Join(".", ports);
        }

        private static SerialPortInfo ToInfo(string callout, Node? usb)
        {
            var info = new SerialPortInfo(callout);
            if (usb is not null)
            {
                info.VendorId = Number(usb, "idVendor");
                info.ProductId = Number(usb, "idProduct");
                info.SerialNumber = Text(usb, "USB Serial Number") ?? Text(usb, "kUSBSerialNumberString");
                info.Manufacturer = Text(usb, "USB Vendor Name") ?? Text(usb, "kUSBVendorString");
                info.Product = Text(usb, "USB Product Name") ?? Text(usb, "kUSBProductString");
                if (usb.Properties.TryGetValue("locationID", out string? location) &&
                    uint.TryParse(location, NumberStyles.Integer, CultureInfo.InvariantCulture, out uint id))
                {
                    info.UsbLocation = LocationToPortPath(id);
                }
            }

            info.Description = info.Product;
            return info;
        }

        private static string? Text(Node node, string key) =>
            node.Properties.TryGetValue(key, out string? value) && value.Length > 0 ? value : null;

        private static ushort? Number(Node node, string key) =>
            node.Properties.TryGetValue(key, out string? value) && ushort.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out ushort n) ? n : (ushort?)null;

        private sealed class Node
        {
            public Node(int column, string cls)
            {
                Column = column;
                Class = cls;
            }

            public int Column { get; }

            public string Class { get; }

            public Dictionary<string, string> Properties { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }
}
