using System;
using System.Globalization;
using System.Linq;
using System.Threading;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// A USB device seen through libusb. Descriptors come from libusb's cache (no open needed) and are
    /// handed out as wire bytes; transfers need <see cref="Open"/>. Failures become this module's USB exceptions.
    /// </summary>
    public sealed class LibUsbDevice : IUsbDevice
    {
        private const int MaxPortDepth = 7;

        private readonly LibUsbContext context;
        private readonly object gate = new object();
        private readonly LibUsbNativeDeviceDescriptor descriptor;
        private IntPtr device;
        private IntPtr handle;

        /// <summary>Takes its own reference on <paramref name="devicePointer"/> and on the context.</summary>
        internal LibUsbDevice(LibUsbContext context, IntPtr devicePointer)
        {
            LibUsbLibrary api = context.Library;
            byte bus = api.get_bus_number(devicePointer);
            byte address = api.get_device_address(devicePointer);
            var ports = new byte[MaxPortDepth];
            int depth = api.get_port_numbers(devicePointer, ports, ports.Length);
            string path = depth > 0
                ? bus.ToString(CultureInfo.InvariantCulture) + "-" + string.Join(".", ports.Take(depth).Select(p => p.ToString(CultureInfo.InvariantCulture)))
                : bus.ToString(CultureInfo.InvariantCulture);
            Location = new UsbDeviceLocation(bus, address, path);

            int result = api.get_device_descriptor(devicePointer, out descriptor);
            if (result < 0)
            {
                throw LibUsbError.ToException(result, "reading the device descriptor", Location.ToString(), api.ErrorName(result));
            }

            context.AddReference();
            this.context = context;
            device = api.ref_device(devicePointer);
        }

        public UsbDeviceLocation Location { get; }

        public ushort VendorId => descriptor.idVendor;

        public ushort ProductId => descriptor.idProduct;

        public bool IsOpen => Volatile.Read(ref handle) != IntPtr.Zero;

        private LibUsbLibrary Api => context.Library;

        private string Name => UsbAccessHint.Describe(descriptor.idVendor, descriptor.idProduct, Location);

        public byte[] GetDeviceDescriptor() => descriptor.ToBytes();

        public byte[] GetConfigurationDescriptor(byte index)
        {
            IntPtr dev = LiveDevice();
            int result = Api.get_config_descriptor(dev, index, out IntPtr configuration);
            if (result < 0)
            {
                throw LibUsbError.ToException(result, $"reading configuration descriptor {index}", Name, Api.ErrorName(result));
            }

            try
            {
                return LibUsbConfigSerializer.Serialize(configuration);
            }
            finally
            {
                Api.free_config_descriptor(configuration);
            }
        }

        public void Open()
        {
            lock (gate)
            {
                IntPtr dev = LiveDevice();
                if (handle != IntPtr.Zero)
                {
                    return;
                }

                int result = Api.open(dev, out IntPtr opened);
                if (result < 0)
                {
                    string errorName = Api.ErrorName(result);
                    throw (Exception?)LibUsbError.AccessDenied(result, LibUsbLibraryNames.CurrentPlatform, descriptor.idVendor, descriptor.idProduct, Location, errorName)
                        ?? LibUsbError.ToException(result, "opening the device", Name, errorName);
                }

                // Lets libusb unbind a kernel driver while an interface is claimed; NOT_SUPPORTED on macOS and Windows is expected.
                Api.set_auto_detach_kernel_driver(opened, 1);
                handle = opened;
            }
        }

        public void ClaimInterface(int interfaceNumber) =>
            Check(Api.claim_interface(OpenHandle(), interfaceNumber), $"claiming interface {interfaceNumber}");

        public void ReleaseInterface(int interfaceNumber) =>
            Check(Api.release_interface(OpenHandle(), interfaceNumber), $"releasing interface {interfaceNumber}");

        public void SetAlternateSetting(int interfaceNumber, int alternateSetting) =>
            Check(Api.set_interface_alt_setting(OpenHandle(), interfaceNumber, alternateSetting), $"selecting alternate setting {alternateSetting} of interface {interfaceNumber}");

        public unsafe int ControlTransfer(UsbSetupPacket setup, byte[] buffer, int offset, TimeSpan timeout)
        {
            if (buffer is null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || offset + setup.Length > buffer.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(offset), $"The buffer has no room for {setup.Length} bytes at offset {offset}.");
            }

            IntPtr h = OpenHandle();
            int result;
            fixed (byte* data = buffer)
            {
                result = Api.control_transfer(h, setup.RequestType, setup.Request, setup.Value, setup.Index, (IntPtr)(data + offset), setup.Length, TimeoutMilliseconds(timeout));
            }

            if (result < 0)
            {
                throw LibUsbError.ToException(result, $"the control transfer {setup}", Name, Api.ErrorName(result));
            }

            return result;
        }

        public unsafe int BulkTransfer(byte endpoint, byte[] buffer, int offset, int length, TimeSpan timeout)
        {
            if (buffer is null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            if (offset < 0 || length < 0 || offset + length > buffer.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(offset), $"The buffer has no room for {length} bytes at offset {offset}.");
            }

            IntPtr h = OpenHandle();
            int result;
            int transferred;
            fixed (byte* data = buffer)
            {
                result = Api.bulk_transfer(h, endpoint, (IntPtr)(data + offset), length, out transferred, TimeoutMilliseconds(timeout));
            }

            if (result < 0)
            {
                throw LibUsbError.ToException(result, $"the bulk transfer of {length} byte(s) on endpoint 0x{endpoint:X2}", Name, Api.ErrorName(result));
            }

            return transferred;
        }

        public void ClearHalt(byte endpoint) =>
            Check(Api.clear_halt(OpenHandle(), endpoint), $"clearing the halt on endpoint 0x{endpoint:X2}");

        public void Dispose()
        {
            lock (gate)
            {
                if (device == IntPtr.Zero)
                {
                    return;
                }

                if (handle != IntPtr.Zero)
                {
                    Api.close(handle);
                    handle = IntPtr.Zero;
                }

                Api.unref_device(device);
                device = IntPtr.Zero;
                context.Release();
            }
        }

        public override string ToString() => Name;

        /// <summary>libusb reads 0 as "no timeout"; a zero or negative TimeSpan other than Infinite means "as short as possible".</summary>
        internal static uint TimeoutMilliseconds(TimeSpan timeout)
        {
            if (timeout == Timeout.InfiniteTimeSpan)
            {
                return 0;
            }

            double ms = Math.Ceiling(timeout.TotalMilliseconds);
            return ms < 1 ? 1u : ms >= uint.MaxValue ? uint.MaxValue : (uint)ms;
        }

        private void Check(int result, string operation)
        {
            if (result < 0)
            {
                throw LibUsbError.ToException(result, operation, Name, Api.ErrorName(result));
            }
        }

        private IntPtr LiveDevice()
        {
            IntPtr dev = device;
            if (dev == IntPtr.Zero)
            {
                throw new ObjectDisposedException(nameof(LibUsbDevice), $"The USB device {Name} was disposed.");
            }

            return dev;
        }

        private IntPtr OpenHandle()
        {
            IntPtr h = Volatile.Read(ref handle);
            if (h == IntPtr.Zero)
            {
                throw new InvalidOperationException($"USB device {Name} is not open.");
            }

            return h;
        }
    }
}
