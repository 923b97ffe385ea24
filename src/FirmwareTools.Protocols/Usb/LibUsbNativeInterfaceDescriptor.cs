using System;
using System.Runtime.InteropServices;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>struct libusb_interface_descriptor.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct LibUsbNativeInterfaceDescriptor
    {
        public byte bLength;
        public byte bDescriptorType;
        public byte bInterfaceNumber;
        public byte bAlternateSetting;
        public byte bNumEndpoints;
        public byte bInterfaceClass;
        public byte bInterfaceSubClass;
        public byte bInterfaceProtocol;
        public byte iInterface;

        /// <summary>const struct libusb_endpoint_descriptor * (bNumEndpoints of them).</summary>
        public IntPtr endpoint;
        public IntPtr extra;
        public int extra_length;
    }
}
