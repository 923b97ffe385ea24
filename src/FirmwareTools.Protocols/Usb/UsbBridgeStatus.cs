namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// The first byte of every loopback USB bridge response (see <see cref="UsbBridgeCommand"/>). The failures
    /// are the typed ones of the <see cref="IUsbDevice"/> seam, so either end can map them to its own world:
    /// <see cref="UsbStallException"/> and friends in C#, a transfer result with status "stall" or a rejected
    /// promise (NotFoundError, NetworkError) in WebUSB.
    /// </summary>
    public enum UsbBridgeStatus : byte
    {
        Ok = 0,

        /// <summary>The device answered with a STALL handshake (<see cref="UsbStallException"/>).</summary>
        Stall = 1,

        /// <summary>The transfer did not complete within its timeout (<see cref="UsbTimeoutException"/>).</summary>
        Timeout = 2,

        /// <summary>The device has left the bus (<see cref="UsbDeviceGoneException"/>).</summary>
        DeviceGone = 3,

        /// <summary>Any other transfer failure (<see cref="UsbIOException"/>).</summary>
        IoError = 4,

        /// <summary>The OS refused to open the device (<see cref="UsbAccessDeniedException"/>).</summary>
        AccessDenied = 5,

        /// <summary>The request is not valid now: the device is not open, or the interface is not claimed.</summary>
        InvalidState = 6,

        /// <summary>The server's device seam cannot do this (a port reset on <see cref="IUsbDevice"/>).</summary>
        NotSupported = 7,

        /// <summary>The request itself was malformed: unknown command or truncated fields.</summary>
        BadRequest = 8,
    }
}
