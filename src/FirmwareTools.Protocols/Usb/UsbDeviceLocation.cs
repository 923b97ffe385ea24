namespace FirmwareTools.Protocols.Usb
{
    /// <summary>Where a device sits: bus number, device address and the physical port path (dfu-util's "path", e.g. "1-1.4").</summary>
    public sealed class UsbDeviceLocation
    {
        public UsbDeviceLocation(byte busNumber, byte deviceAddress, string portPath)
        {
            BusNumber = busNumber;
            DeviceAddress = deviceAddress;
            PortPath = portPath;
        }

        public byte BusNumber { get; }

        public byte DeviceAddress { get; }

        /// <summary>Bus number, a dash, then the hub port numbers joined by dots; stable across re-enumeration.</summary>
        public string PortPath { get; }

        public override string ToString() => $"bus {BusNumber} address {DeviceAddress} path {PortPath}";
    }
}
