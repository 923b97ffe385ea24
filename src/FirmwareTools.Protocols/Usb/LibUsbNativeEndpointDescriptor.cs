using System;
using System.Runtime.InteropServices;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>struct libusb_endpoint_descriptor (bRefresh and bSynchAddress are only on the wire for 9-byte audio endpoints).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct LibUsbNativeEndpointDescriptor
    {
        public byte bLength;
        public byte bDescriptorType;
        public byte bEndpointAddress;
        public byte bmAttributes;
        public ushort wMaxPacketSize;
        public byte bInterval;
        public byte bRefresh;
        public byte bSynchAddress;
        public IntPtr extra;
        public int extra_length;
    }
}
