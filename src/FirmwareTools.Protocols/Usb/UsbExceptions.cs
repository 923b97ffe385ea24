using System;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>libusb-1.0 could not be loaded: the library is not installed where we look for it.</summary>
    public sealed class LibUsbNotAvailableException : FirmwareToolsException
    {
        public LibUsbNotAvailableException(string message, string recommendedAction, Exception? innerException = null)
            : base(message, "libusb-1.0", recommendedAction, innerException)
        {
        }

        public override string ErrorId => UsbErrors.LibUsbNotAvailableId.Id;

        public override FirmwareErrorKind Kind => UsbErrors.LibUsbNotAvailableId.Kind;
    }

    /// <summary>The OS refused to open a device (udev permissions on Linux, driver binding on Windows).</summary>
    public sealed class UsbAccessDeniedException : FirmwareToolsException
    {
        public UsbAccessDeniedException(string message, string device, string recommendedAction, Exception? innerException = null)
            : base(message, device, recommendedAction, innerException)
        {
        }

        public override string ErrorId => UsbErrors.AccessDeniedId.Id;

        public override FirmwareErrorKind Kind => UsbErrors.AccessDeniedId.Kind;
    }

    /// <summary>A USB operation failed. The subclasses say how; protocol code catches the specific ones it expects.</summary>
    public abstract class UsbTransferException : FirmwareToolsException
    {
        protected UsbTransferException(string message, string? device, string? recommendedAction, Exception? innerException)
            : base(message, device, recommendedAction, innerException)
        {
        }
    }

    /// <summary>The device answered with a STALL handshake (libusb LIBUSB_ERROR_PIPE): it refused the request in its current state.</summary>
    public sealed class UsbStallException : UsbTransferException
    {
        public UsbStallException(string message, string? device = null, Exception? innerException = null)
            : base(message, device, null, innerException)
        {
        }

        public override string ErrorId => UsbErrors.StallId.Id;

        public override FirmwareErrorKind Kind => UsbErrors.StallId.Kind;
    }

    /// <summary>The device did not complete the transfer within the timeout (LIBUSB_ERROR_TIMEOUT).</summary>
    public sealed class UsbTimeoutException : UsbTransferException
    {
        public UsbTimeoutException(string message, string? device = null, Exception? innerException = null)
            : base(message, device, null, innerException)
        {
        }

        public override string ErrorId => UsbErrors.TimeoutId.Id;

        public override FirmwareErrorKind Kind => UsbErrors.TimeoutId.Kind;
    }

    /// <summary>The device is no longer on the bus (LIBUSB_ERROR_NO_DEVICE): unplugged, reset, or left DFU mode.</summary>
    public sealed class UsbDeviceGoneException : UsbTransferException
    {
        public UsbDeviceGoneException(string message, string? device = null, Exception? innerException = null)
            : base(message, device, "Check the cable and that the board is still in the mode you expect, then try again.", innerException)
        {
        }

        public override string ErrorId => UsbErrors.DeviceGoneId.Id;

        public override FirmwareErrorKind Kind => UsbErrors.DeviceGoneId.Kind;
    }

    /// <summary>Any other USB failure, with the libusb error name when there is one.</summary>
    public sealed class UsbIOException : UsbTransferException
    {
        public UsbIOException(string message, string? device = null, string? errorName = null, Exception? innerException = null)
            : base(message, device, null, innerException)
        {
            ErrorName = errorName;
        }

        /// <summary>The libusb error name (LIBUSB_ERROR_IO, ...) when known.</summary>
        public string? ErrorName { get; }

        public override string ErrorId => UsbErrors.IOErrorId.Id;

        public override FirmwareErrorKind Kind => UsbErrors.IOErrorId.Kind;
    }
}
