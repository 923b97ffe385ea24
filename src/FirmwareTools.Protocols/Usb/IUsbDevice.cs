using System;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// One USB device. Descriptors come back as the raw bytes the device sent, so one parser serves real
    /// devices and simulated ones. Control transfers throw <see cref="UsbTransferException"/> subclasses
    /// (stall, timeout, device gone, I/O) rather than returning error codes.
    /// </summary>
    public interface IUsbDevice : IDisposable
    {
        UsbDeviceLocation Location { get; }

        /// <summary>The 18-byte device descriptor (cached by the OS; the device need not be opened).</summary>
        byte[] GetDeviceDescriptor();

        /// <summary>The whole configuration descriptor (wTotalLength bytes: interfaces, alternate settings,
        /// class-specific descriptors such as DFU functional, endpoints) of configuration <paramref name="index"/>.</summary>
        byte[] GetConfigurationDescriptor(byte index);

        bool IsOpen { get; }

        /// <summary>Opens the device for I/O. Throws <see cref="UsbAccessDeniedException"/> when the OS refuses.</summary>
        void Open();

        void ClaimInterface(int interfaceNumber);

        void ReleaseInterface(int interfaceNumber);

        void SetAlternateSetting(int interfaceNumber, int alternateSetting);

        /// <summary>
        /// Performs a control transfer on endpoint 0. For IN transfers (bit 7 of bmRequestType set) up to
        /// <c>setup.Length</c> bytes are read into <paramref name="buffer"/> at <paramref name="offset"/>; for
        /// OUT transfers <c>setup.Length</c> bytes are sent from there. Returns the bytes transferred.
        /// </summary>
        int ControlTransfer(UsbSetupPacket setup, byte[] buffer, int offset, TimeSpan timeout);

        /// <summary>
        /// Performs a bulk transfer on <paramref name="endpoint"/> (bit 7 set = IN) of a claimed interface. IN reads up to
        /// <paramref name="length"/> bytes into <paramref name="buffer"/> at <paramref name="offset"/> and ends early at a short
        /// packet (a zero-length packet returns 0); OUT sends <paramref name="length"/> bytes from there (0 sends a zero-length
        /// packet). Returns the bytes transferred. A halted endpoint throws <see cref="UsbStallException"/>.
        /// </summary>
        int BulkTransfer(byte endpoint, byte[] buffer, int offset, int length, TimeSpan timeout);

        /// <summary>Clears a halt on <paramref name="endpoint"/> (CLEAR_FEATURE ENDPOINT_HALT), which also resets the data toggle on both sides.</summary>
        void ClearHalt(byte endpoint);
    }
}
