using System;
using System.Runtime.InteropServices;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>struct libusb_config_descriptor.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct LibUsbNativeConfigDescriptor
    {
        public byte bLength;
        public byte bDescriptorType;
        public ushort wTotalLength;
        public byte bNumInterfaces;
        public byte bConfigurationValue;
        public byte iConfiguration;
        public byte bmAttributes;
        public byte MaxPower;

        /// <summary>const struct libusb_interface * (bNumInterfaces of them).</summary>
        public IntPtr @interface;
        public IntPtr extra;
        public int extra_length;
    }
}
