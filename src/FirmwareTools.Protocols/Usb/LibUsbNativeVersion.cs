using System;
using System.Runtime.InteropServices;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>struct libusb_version, as returned by libusb_get_version (static storage inside libusb).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct LibUsbNativeVersion
    {
        public ushort major;
        public ushort minor;
        public ushort micro;
        public ushort nano;
        public IntPtr rc;
        public IntPtr describe;
    }
}
