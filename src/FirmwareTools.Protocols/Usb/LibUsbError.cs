using System.Runtime.InteropServices;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>libusb's error codes (enum libusb_error) and how each becomes one of this module's exceptions.</summary>
    internal static class LibUsbError
    {
        public const int LIBUSB_SUCCESS = 0;
        public const int LIBUSB_ERROR_IO = -1;
        public const int LIBUSB_ERROR_INVALID_PARAM = -2;
        public const int LIBUSB_ERROR_ACCESS = -3;
        public const int LIBUSB_ERROR_NO_DEVICE = -4;
        public const int LIBUSB_ERROR_NOT_FOUND = -5;
        public const int LIBUSB_ERROR_BUSY = -6;
        public const int LIBUSB_ERROR_TIMEOUT = -7;
        public const int LIBUSB_ERROR_OVERFLOW = -8;
        public const int LIBUSB_ERROR_PIPE = -9;
        public const int LIBUSB_ERROR_INTERRUPTED = -10;
        public const int LIBUSB_ERROR_NO_MEM = -11;
        public const int LIBUSB_ERROR_NOT_SUPPORTED = -12;
        public const int LIBUSB_ERROR_OTHER = -99;

        /// <summary>The enum name, for when libusb_error_name is not at hand.</summary>
        public static string Name(int code) => code switch
        {
            LIBUSB_SUCCESS => "LIBUSB_SUCCESS",
            LIBUSB_ERROR_IO => "LIBUSB_ERROR_IO",
            LIBUSB_ERROR_INVALID_PARAM => "LIBUSB_ERROR_INVALID_PARAM",
            LIBUSB_ERROR_ACCESS => "LIBUSB_ERROR_ACCESS",
            LIBUSB_ERROR_NO_DEVICE => "LIBUSB_ERROR_NO_DEVICE",
            LIBUSB_ERROR_NOT_FOUND => "LIBUSB_ERROR_NOT_FOUND",
            LIBUSB_ERROR_BUSY => "LIBUSB_ERROR_BUSY",
            LIBUSB_ERROR_TIMEOUT => "LIBUSB_ERROR_TIMEOUT",
            LIBUSB_ERROR_OVERFLOW => "LIBUSB_ERROR_OVERFLOW",
            LIBUSB_ERROR_PIPE => "LIBUSB_ERROR_PIPE",
            LIBUSB_ERROR_INTERRUPTED => "LIBUSB_ERROR_INTERRUPTED",
            LIBUSB_ERROR_NO_MEM => "LIBUSB_ERROR_NO_MEM",
            LIBUSB_ERROR_NOT_SUPPORTED => "LIBUSB_ERROR_NOT_SUPPORTED",
            LIBUSB_ERROR_OTHER => "LIBUSB_ERROR_OTHER",
            _ => "LIBUSB_ERROR_" + code.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        /// <summary>
        /// The exception for a failed transfer or device call: STALL, timeout and a vanished device get their
        /// own types (protocol code expects them); everything else is a <see cref="UsbIOException"/> with the name.
        /// </summary>
        public static UsbTransferException ToException(int code, string operation, string device, string? errorName = null)
        {
            string name = errorName ?? Name(code);
            return code switch
            {
                LIBUSB_ERROR_PIPE => new UsbStallException($"{device} stalled {operation} ({name}).", device),
                LIBUSB_ERROR_TIMEOUT => new UsbTimeoutException($"{device} did not complete {operation} in time ({name}).", device),
                LIBUSB_ERROR_NO_DEVICE => new UsbDeviceGoneException($"{device} is no longer on the bus ({operation}: {name}).", device),
                _ => new UsbIOException($"{operation} on {device} failed: {name}.", device, name),
            };
        }

        /// <summary>
        /// The access-denied error for libusb_open: names the device and says how to grant access on this OS.
        /// On Windows a device without the WinUSB driver fails with NOT_SUPPORTED or NOT_FOUND rather than ACCESS,
        /// and the cure is the same (docs/protocols/dfu-dfuse.md §7.1).
        /// </summary>
        public static UsbAccessDeniedException? AccessDenied(int code, OSPlatform os, ushort vendorId, ushort productId, UsbDeviceLocation location, string? errorName = null)
        {
            bool denied = code == LIBUSB_ERROR_ACCESS ||
                          (os == OSPlatform.Windows && (code == LIBUSB_ERROR_NOT_SUPPORTED || code == LIBUSB_ERROR_NOT_FOUND));
            if (!denied)
            {
                return null;
            }

            string device = UsbAccessHint.Describe(vendorId, productId, location);
            return new UsbAccessDeniedException(
                $"Access to USB device {device} was denied ({errorName ?? Name(code)}).",
                device,
                UsbAccessHint.For(os, vendorId, productId));
        }
    }
}
