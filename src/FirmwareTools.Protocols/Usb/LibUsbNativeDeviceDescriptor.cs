using System.Runtime.InteropServices;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>struct libusb_device_descriptor (18 bytes; libusb has already converted the words to host order).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct LibUsbNativeDeviceDescriptor
    {
        public byte bLength;
        public byte bDescriptorType;
        public ushort bcdUSB;
        public byte bDeviceClass;
        public byte bDeviceSubClass;
        public byte bDeviceProtocol;
        public byte bMaxPacketSize0;
        public ushort idVendor;
        public ushort idProduct;
        public ushort bcdDevice;
        public byte iManufacturer;
        public byte iProduct;
        public byte iSerialNumber;
        public byte bNumConfigurations;

        /// <summary>Back to the little-endian wire form, so the same parser reads libusb's and the simulators' descriptors.</summary>
        public byte[] ToBytes() =>
        [
            bLength, bDescriptorType, (byte)bcdUSB, (byte)(bcdUSB >> 8), bDeviceClass, bDeviceSubClass, bDeviceProtocol, bMaxPacketSize0,
            (byte)idVendor, (byte)(idVendor >> 8), (byte)idProduct, (byte)(idProduct >> 8), (byte)bcdDevice, (byte)(bcdDevice >> 8),
            iManufacturer, iProduct, iSerialNumber, bNumConfigurations,
        ];
    }
}
