using System;
using System.Runtime.InteropServices;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>struct libusb_interface: the alternate settings of one interface.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct LibUsbNativeInterface
    {
        /// <summary>const struct libusb_interface_descriptor * (num_altsetting of them).</summary>
        public IntPtr altsetting;
        public int num_altsetting;
    }
}
