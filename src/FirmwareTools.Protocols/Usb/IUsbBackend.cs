using System;
using System.Collections.Generic;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// The lowest USB seam: a bus of devices. Implemented by the libusb-1.0 binding for real hardware and
    /// by the in-memory virtual bus in the simulators. Everything above it (descriptor parsing, DFU) is
    /// the same code in both cases.
    /// </summary>
    public interface IUsbBackend : IDisposable
    {
        /// <summary>The devices on the bus now. Empty, not an error, on a machine without a USB bus.</summary>
        IReadOnlyList<IUsbDevice> GetDevices();
    }
}
