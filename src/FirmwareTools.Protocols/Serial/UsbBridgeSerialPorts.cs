using System;
using System.Collections.Generic;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// The serial ports on the loopback USB bridges that FIRMWARETOOLS_USB_BRIDGE names (<see cref="RemoteUsbBackend"/>):
    /// a bridge whose device has a CDC ACM function (a running MicroPython's USB REPL, an ESP32's USB-Serial/JTAG) is the
    /// port <c>usb://host:port</c>, listed by Get-SerialPort with the device's USB ids and serial number and driven
    /// by <see cref="UsbCdcAcmSerialPort"/>. The name stays when the device behind the bridge changes, as a board that
    /// re-enumerates does; the listing says what it is now.
    /// </summary>
    public static class UsbBridgeSerialPorts
    {
        public const string Scheme = "usb";

        /// <summary>What Get-SerialPort shows as the port's driver.</summary>
        public const string DriverName = "cdc_acm (FirmwareTools, over the USB bridge)";

        public static bool IsBridgePortName(string name) =>
            name != null && name.StartsWith(Scheme + "://", StringComparison.OrdinalIgnoreCase);

        /// <summary>Opens the CDC ACM function of the device on the bridge <paramref name="name"/> names.</summary>
        /// <exception cref="FirmwareError">SerialPortNotFound: nothing listens there, or the device there is no serial port now.</exception>
        public static ISerialPort Open(string name, SerialPortSettings settings)
        {
            (string host, int port) = SerialPorts.ParseAddress(name);
            RemoteUsbDevice device;
            try
            {
                device = RemoteUsbDevice.Connect(host, port, settings.ConnectTimeout);
            }
            catch (FirmwareError e) when (e.Definition == UsbErrors.BridgeUnavailableId)
            {
                throw SerialErrors.PortNotFound(name, "no USB bridge answers there: " + e.Message, null, e);
            }

            return UsbCdcAcmSerialPort.Open(name, device, settings);
        }

        /// <summary>
        /// The bridges' serial ports, in the order the variable names the bridges. A bridge that does not answer, or whose
        /// device is not a serial port now (a bootloader, a board between two enumerations), lists nothing.
        /// </summary>
        public static IReadOnlyList<SerialPortInfo> List()
        {
            var ports = new List<SerialPortInfo>();
            RemoteUsbBackend? bridges;
            try
            {
                bridges = RemoteUsbBackend.FromEnvironment();
            }
            catch (FirmwareError)
            {
                return ports; // a malformed variable is reported by the USB cmdlets, which use it
            }

            return bridges is null ? ports : List(bridges);
        }

        /// <summary>The serial ports on <paramref name="bridges"/>, in their order.</summary>
        public static IReadOnlyList<SerialPortInfo> List(RemoteUsbBackend bridges)
        {
            if (bridges is null)
            {
                throw new ArgumentNullException(nameof(bridges));
            }

            var ports = new List<SerialPortInfo>();
            foreach (KeyValuePair<string, int> bridge in bridges.Addresses)
            {
                if (Describe(bridge.Key, bridge.Value, TimeSpan.FromSeconds(2)) is SerialPortInfo info)
                {
                    ports.Add(info);
                }
            }

            return ports;
        }

        private static SerialPortInfo? Describe(string host, int tcpPort, TimeSpan timeout)
        {
            string name = $"{Scheme}://{host}:{tcpPort}";
            try
            {
                using RemoteUsbDevice device = RemoteUsbDevice.Connect(host, tcpPort, timeout);
                var descriptor = UsbDeviceDescriptor.Parse(device.GetDeviceDescriptor(), name);
                var configuration = UsbConfigurationDescriptor.Parse(device.GetConfigurationDescriptor(0), name);
                UsbCdcAcmFunction? function = UsbCdcAcmFunction.Find(configuration);
                if (function is null)
                {
                    return null;
                }

                device.Open();
                var strings = new UsbStringReader(device);
                string? product = Read(strings, descriptor.ProductIndex);
                return new SerialPortInfo(name)
                {
                    VendorId = descriptor.VendorId,
                    ProductId = descriptor.ProductId,
                    SerialNumber = Read(strings, descriptor.SerialNumberIndex),
                    Manufacturer = Read(strings, descriptor.ManufacturerIndex),
                    Product = product,
                    Description = product,
                    InterfaceNumber = function.CommunicationInterface,
                    UsbLocation = $"bridge {host}:{tcpPort}",
                    Driver = DriverName,
                };
            }
            catch (FirmwareToolsException)
            {
                return null; // not answering, gone between two requests, or malformed: not a port now
            }
        }

        private static string? Read(UsbStringReader strings, byte index) => index == 0 ? null : strings.Read(index);
    }
}
