using System;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// The catalog entries of USB: loading libusb, opening devices, transfers and descriptors. Most are types of their own,
    /// because the protocol code above catches them by type (a stall, a timeout, a device that left the bus).
    /// </summary>
    public static class UsbErrors
    {
        public static readonly ErrorDefinition BridgeUnavailableId = new("UsbBridgeUnavailable", FirmwareErrorKind.ConnectionError);

        /// <summary>Caught by type (<see cref="LibUsbNotAvailableException"/>): the backend tries the next library name.</summary>
        public static readonly ErrorDefinition LibUsbNotAvailableId = new("LibUsbNotAvailable", FirmwareErrorKind.NotInstalled);

        /// <summary>Caught by type (<see cref="UsbAccessDeniedException"/>): device lists show the board with the problem.</summary>
        public static readonly ErrorDefinition AccessDeniedId = new("UsbAccessDenied", FirmwareErrorKind.PermissionDenied);

        /// <summary>Caught by type (<see cref="UsbStallException"/>): DFU and PICOBOOT recover from a stall.</summary>
        public static readonly ErrorDefinition StallId = new("UsbStall", FirmwareErrorKind.ProtocolError);

        /// <summary>Caught by type (<see cref="UsbTimeoutException"/>): DFU retries a block.</summary>
        public static readonly ErrorDefinition TimeoutId = new("UsbTimeout", FirmwareErrorKind.Timeout);

        /// <summary>Caught by type (<see cref="UsbDeviceGoneException"/>): a device that leaves the bus after a reset is expected.</summary>
        public static readonly ErrorDefinition DeviceGoneId = new("UsbDeviceGone", FirmwareErrorKind.DeviceError);

        /// <summary>Caught by type (<see cref="UsbIOException"/>): PICOBOOT reads LIBUSB_ERROR_BUSY from it.</summary>
        public static readonly ErrorDefinition IOErrorId = new("UsbIOError", FirmwareErrorKind.DeviceError);

        /// <summary>Caught by type (<see cref="UsbDescriptorFormatException"/>): device finders skip such a device and say why.</summary>
        public static readonly ErrorDefinition DescriptorInvalidId = new("UsbDescriptorInvalid", FirmwareErrorKind.InvalidData);

        /// <summary>The loopback USB bridge named by the user (FIRMWARETOOLS_USB_BRIDGE) could not be reached or did not speak the bridge protocol.</summary>
        public static FirmwareError BridgeUnavailable(string message, string endpoint, Exception? innerException = null) =>
            new(BridgeUnavailableId, message, endpoint,
                $"Start the simulator's bridge (dotnet run --project tests/FirmwareTools.Simulators -- serve-dfu --port 0) and set {RemoteUsbBackend.EnvironmentVariable} to the host:port it prints, or clear the variable to use real USB.",
                innerException);
    }
}
