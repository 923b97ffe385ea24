namespace FirmwareTools.Protocols.Usb
{
    /// <summary>The standard 18-byte device descriptor (USB 2.0 §9.6.1), decoded from its little-endian wire form.</summary>
    public sealed class UsbDeviceDescriptor
    {
        public const int Size = 18;

        private UsbDeviceDescriptor(byte[] data)
        {
            UsbVersion = LittleEndian.ReadUInt16(data, 2);
            DeviceClass = data[4];
            DeviceSubClass = data[5];
            DeviceProtocol = data[6];
            MaxPacketSize0 = data[7];
            VendorId = LittleEndian.ReadUInt16(data, 8);
            ProductId = LittleEndian.ReadUInt16(data, 10);
            DeviceVersion = LittleEndian.ReadUInt16(data, 12);
            ManufacturerIndex = data[14];
            ProductIndex = data[15];
            SerialNumberIndex = data[16];
            ConfigurationCount = data[17];
        }

        /// <summary>bcdUSB.</summary>
        public ushort UsbVersion { get; }

        public byte DeviceClass { get; }

        public byte DeviceSubClass { get; }

        public byte DeviceProtocol { get; }

        public byte MaxPacketSize0 { get; }

        public ushort VendorId { get; }

        public ushort ProductId { get; }

        /// <summary>bcdDevice: the device's release number (0x2200 on a current STM32F405 ROM).</summary>
        public ushort DeviceVersion { get; }

        public byte ManufacturerIndex { get; }

        public byte ProductIndex { get; }

        public byte SerialNumberIndex { get; }

        public byte ConfigurationCount { get; }

        public static UsbDeviceDescriptor Parse(byte[] data, string? device = null)
        {
            if (data is null || data.Length < Size)
            {
                throw new UsbDescriptorFormatException("device", $"it has {data?.Length ?? 0} bytes, not {Size}", device);
            }

            if (data[0] < Size)
            {
                throw new UsbDescriptorFormatException("device", $"bLength is {data[0]}, not {Size}", device);
            }

            if (data[1] != UsbDescriptorType.DEVICE)
            {
                throw new UsbDescriptorFormatException("device", $"bDescriptorType is 0x{data[1]:X2}, not 0x01", device);
            }

            return new UsbDeviceDescriptor(data);
        }
    }
}
