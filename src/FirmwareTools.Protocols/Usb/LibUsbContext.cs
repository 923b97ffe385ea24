using System;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// A libusb_context shared by a backend and the devices it listed. libusb_exit runs when the last of
    /// them is disposed, so a device can outlive the backend that found it (a pipeline that lists, then flashes).
    /// </summary>
    internal sealed class LibUsbContext
    {
        private readonly object gate = new object();
        private int references = 1;

        public LibUsbContext(LibUsbLibrary library, IntPtr handle)
        {
            Library = library;
            Handle = handle;
        }

        public LibUsbLibrary Library { get; }

        public IntPtr Handle { get; private set; }

        public void AddReference()
        {
            lock (gate)
            {
                if (references == 0)
                {
                    throw new ObjectDisposedException(nameof(LibUsbContext));
                }

                references++;
            }
        }

        public void Release()
        {
            lock (gate)
            {
                if (references == 0 || --references > 0)
                {
                    return;
                }

                Library.exit(Handle);
                Handle = IntPtr.Zero;
            }
        }
    }
}
