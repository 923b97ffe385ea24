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
    }
}
