using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// The real USB bus, through libusb-1.0. A machine without a USB bus (a container, a CI runner) is not
    /// an error: libusb fails to initialise or lists nothing, and <see cref="GetDevices"/> returns an empty list.
    /// A missing libusb is an error (<see cref="LibUsbNotAvailableException"/>) with the install command.
    /// </summary>
    public sealed class LibUsbBackend : IUsbBackend
    {
        private readonly LibUsbContext? context;
        private bool disposed;

        private LibUsbBackend(LibUsbContext? context)
        {
            this.context = context;
        }

        /// <summary>libusb's version (major.minor.micro.nano), or null when libusb cannot be loaded.</summary>
        public static string? LibraryVersion
        {
            get
            {
                try
                {
                    return LibUsbLibrary.Shared.Version;
                }
                catch (LibUsbNotAvailableException)
                {
                    return null;
                }
            }
        }

        public static LibUsbBackend Create(OperationLog? log = null) => Create(LibUsbLibrary.Shared, log);

        internal static LibUsbBackend Create(LibUsbLibrary library, OperationLog? log)
        {
            log.Debug($"libusb {library.Version} loaded from {library.Path}.");
            int result = library.init(out IntPtr handle);
            if (result < 0)
            {
                string message = $"libusb could not start ({library.ErrorName(result)}), so no USB devices are listed.";
                if (HasNoUsbBus())
                {
                    log.Verbose(message + " This machine shows no USB bus (/dev/bus/usb is missing).");
                }
                else
                {
                    log.Warning(message);
                }

                return new LibUsbBackend(null);
            }

            return new LibUsbBackend(new LibUsbContext(library, handle));
        }

        public IReadOnlyList<IUsbDevice> GetDevices()
        {
            if (disposed)
            {
                throw new ObjectDisposedException(nameof(LibUsbBackend));
            }

            var devices = new List<IUsbDevice>();
            if (context is null)
            {
                return devices;
            }

            LibUsbLibrary api = context.Library;
            long count = api.get_device_list(context.Handle, out IntPtr list).ToInt64();
            if (count < 0)
            {
                throw LibUsbError.ToException((int)count, "listing USB devices", "the USB bus", api.ErrorName((int)count));
            }

            try
            {
                for (int i = 0; i < count; i++)
                {
                    IntPtr device = Marshal.ReadIntPtr(list, i * IntPtr.Size);
                    try
                    {
                        devices.Add(new LibUsbDevice(context, device));
                    }
                    catch (UsbTransferException)
                    {
                        // A device that vanished between listing and reading its descriptor is simply not there.
                    }
                }
            }
            finally
            {
                if (list != IntPtr.Zero)
                {
                    api.free_device_list(list, 1);
                }
            }

            return devices;
        }

        public void Dispose()
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            context?.Release();
        }

        private static bool HasNoUsbBus() =>
            RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && !Directory.Exists("/dev/bus/usb");
    }
}
