using System.Runtime.InteropServices;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Usb;
using static FirmwareTools.Protocols.Usb.LibUsbLibrary;

namespace FirmwareTools.Tests.Usb;

/// <summary>
/// A managed stand-in for libusb-1.0 bound through the same <see cref="LibUsbLibrary"/> table the real
/// library fills. It serves virtual devices the way libusb would: parsed descriptor structs and trees
/// in native memory, reference counts, handles, and control transfers through raw data pointers, with
/// simulator exceptions turned back into libusb error codes. No hardware, but every line of
/// LibUsbDevice and LibUsbBackend runs.
/// </summary>
internal sealed class FakeLibUsb : IDisposable
{
    private readonly NativeMemory memory = new();
    private readonly List<Entry> entries = [];
    private readonly Dictionary<int, IntPtr> errorNames = [];

    public FakeLibUsb(params (VirtualUsbDevice Device, byte[] Ports)[] devices)
    {
        foreach ((VirtualUsbDevice device, byte[] ports) in devices)
        {
            entries.Add(new Entry(device, ports, new IntPtr(0x1000 + (entries.Count * 0x10))));
        }

        Library = new LibUsbLibrary("fake-libusb", Bind);
    }

    public LibUsbLibrary Library { get; }

    public int InitResult { get; set; }

    public int ExitCalls { get; private set; }

    public int OpenDevices => entries.Count(e => e.Open);

    public int References(VirtualUsbDevice device) => entries.Single(e => e.Device == device).References;

    /// <summary>Error returned by libusb_open for this device instead of opening it.</summary>
    public Dictionary<VirtualUsbDevice, int> OpenErrors { get; } = [];

    public void Dispose() => memory.Dispose();

    private Entry ByPointer(IntPtr p) => entries.Single(e => e.Pointer == p || e.Handle == p);

    private Delegate Bind(Type type, string name) => name switch
    {
        "libusb_init" => new libusb_init_t((out IntPtr ctx) =>
        {
            ctx = InitResult == 0 ? new IntPtr(0xC0) : IntPtr.Zero;
            return InitResult;
        }),
        "libusb_exit" => new libusb_exit_t(_ => ExitCalls++),
        "libusb_get_version" => new libusb_get_version_t(() => memory.Struct(new LibUsbNativeVersion { major = 1, minor = 0, micro = 99, nano = 7 })),
        "libusb_get_device_list" => new libusb_get_device_list_t((IntPtr _, out IntPtr list) =>
        {
            var live = entries.Where(e => e.Device.IsConnected).ToList();
            foreach (Entry e in live)
            {
                e.References++;
            }

            list = memory.Array(live.Select(e => e.Pointer).Append(IntPtr.Zero).ToArray());
            return new IntPtr(live.Count);
        }),
        "libusb_free_device_list" => new libusb_free_device_list_t((list, unref) =>
        {
            for (int i = 0; unref != 0 && Marshal.ReadIntPtr(list, i * IntPtr.Size) != IntPtr.Zero; i++)
            {
                ByPointer(Marshal.ReadIntPtr(list, i * IntPtr.Size)).References--;
            }
        }),
        "libusb_ref_device" => new libusb_ref_device_t(p =>
        {
            ByPointer(p).References++;
            return p;
        }),
        "libusb_unref_device" => new libusb_unref_device_t(p => ByPointer(p).References--),
        "libusb_get_bus_number" => new libusb_get_bus_number_t(p => ByPointer(p).Device.Location.BusNumber),
        "libusb_get_device_address" => new libusb_get_device_address_t(p => ByPointer(p).Device.Location.DeviceAddress),
        "libusb_get_port_numbers" => new libusb_get_port_numbers_t((p, ports, length) =>
        {
            byte[] mine = ByPointer(p).Ports;
            if (mine.Length > length)
            {
                return LibUsbError.LIBUSB_ERROR_OVERFLOW;
            }

            mine.CopyTo(ports, 0);
            return mine.Length;
        }),
        "libusb_get_device_descriptor" => new libusb_get_device_descriptor_t((IntPtr p, out LibUsbNativeDeviceDescriptor d) =>
        {
            d = default;
            Entry e = ByPointer(p);
            if (!e.Device.IsConnected)
            {
                return LibUsbError.LIBUSB_ERROR_NO_DEVICE;
            }

            UsbDeviceDescriptor parsed = UsbDeviceDescriptor.Parse(e.Device.GetDeviceDescriptor());
            d = new LibUsbNativeDeviceDescriptor
            {
                bLength = 18, bDescriptorType = 1, bcdUSB = parsed.UsbVersion, bDeviceClass = parsed.DeviceClass, bDeviceSubClass = parsed.DeviceSubClass,
                bDeviceProtocol = parsed.DeviceProtocol, bMaxPacketSize0 = parsed.MaxPacketSize0, idVendor = parsed.VendorId, idProduct = parsed.ProductId,
                bcdDevice = parsed.DeviceVersion, iManufacturer = parsed.ManufacturerIndex, iProduct = parsed.ProductIndex,
                iSerialNumber = parsed.SerialNumberIndex, bNumConfigurations = parsed.ConfigurationCount,
            };
            return 0;
        }),
        "libusb_get_config_descriptor" => new libusb_get_config_descriptor_t((IntPtr p, byte index, out IntPtr config) =>
        {
            config = IntPtr.Zero;
            Entry e = ByPointer(p);
            if (!e.Device.IsConnected)
            {
                return LibUsbError.LIBUSB_ERROR_NO_DEVICE;
            }

            config = memory.ConfigTree(e.Device.GetConfigurationDescriptor(index));
            return 0;
        }),
        "libusb_free_config_descriptor" => new libusb_free_config_descriptor_t(_ => { }),
        "libusb_open" => new libusb_open_t((IntPtr p, out IntPtr handle) =>
        {
            handle = IntPtr.Zero;
            Entry e = ByPointer(p);
            if (OpenErrors.TryGetValue(e.Device, out int error))
            {
                return error;
            }

            e.Device.Open();
            e.Open = true;
            handle = e.Handle;
            return 0;
        }),
        "libusb_close" => new libusb_close_t(h => ByPointer(h).Open = false),
        "libusb_claim_interface" => new libusb_claim_interface_t((h, i) => Call(() => ByPointer(h).Device.ClaimInterface(i))),
        "libusb_release_interface" => new libusb_release_interface_t((h, i) => Call(() => ByPointer(h).Device.ReleaseInterface(i))),
        "libusb_set_interface_alt_setting" => new libusb_set_interface_alt_setting_t((h, i, a) => Call(() => ByPointer(h).Device.SetAlternateSetting(i, a))),
        "libusb_control_transfer" => new libusb_control_transfer_t((h, rt, req, value, index, data, length, timeout) =>
        {
            var buffer = new byte[length];
            bool toHost = (rt & 0x80) != 0;
            if (!toHost && length > 0)
            {
                Marshal.Copy(data, buffer, 0, length);
            }

            int count = 0;
            int result = Call(() => count = ByPointer(h).Device.ControlTransfer(new UsbSetupPacket(rt, req, value, index, length), buffer, 0, TimeSpan.FromMilliseconds(timeout)));
            if (result < 0)
            {
                return result;
            }

            if (toHost && count > 0)
            {
                Marshal.Copy(buffer, 0, data, count);
            }

            return count;
        }),
        "libusb_bulk_transfer" => new libusb_bulk_transfer_t((IntPtr h, byte endpoint, IntPtr data, int length, out int transferred, uint timeout) =>
        {
            var buffer = new byte[length];
            bool toHost = (endpoint & 0x80) != 0;
            if (!toHost && length > 0)
            {
                Marshal.Copy(data, buffer, 0, length);
            }

            int count = 0;
            int result = Call(() => count = ByPointer(h).Device.BulkTransfer(endpoint, buffer, 0, length, TimeSpan.FromMilliseconds(timeout)));
            transferred = result < 0 ? 0 : count;
            if (toHost && transferred > 0)
            {
                Marshal.Copy(buffer, 0, data, transferred);
            }

            return result;
        }),
        "libusb_clear_halt" => new libusb_clear_halt_t((h, endpoint) => Call(() => ByPointer(h).Device.ClearHalt(endpoint))),
        "libusb_error_name" => new libusb_error_name_t(code =>
        {
            if (!errorNames.TryGetValue(code, out IntPtr text))
            {
                text = memory.Bytes([.. System.Text.Encoding.ASCII.GetBytes(LibUsbError.Name(code)), 0]);
                errorNames[code] = text;
            }

            return text;
        }),
        "libusb_set_auto_detach_kernel_driver" => new libusb_set_auto_detach_kernel_driver_t((_, _) => LibUsbError.LIBUSB_ERROR_NOT_SUPPORTED),
        _ => throw new InvalidOperationException($"The fake libusb has no {name}."),
    };

    private static int Call(Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (UsbStallException)
        {
            return LibUsbError.LIBUSB_ERROR_PIPE;
        }
        catch (UsbTimeoutException)
        {
            return LibUsbError.LIBUSB_ERROR_TIMEOUT;
        }
        catch (UsbDeviceGoneException)
        {
            return LibUsbError.LIBUSB_ERROR_NO_DEVICE;
        }
        catch (UsbIOException)
        {
            return LibUsbError.LIBUSB_ERROR_NOT_FOUND;
        }
    }

    private sealed class Entry(VirtualUsbDevice device, byte[] ports, IntPtr pointer)
    {
        public VirtualUsbDevice Device { get; } = device;

        public byte[] Ports { get; } = ports;

        public IntPtr Pointer { get; } = pointer;

        public IntPtr Handle { get; } = pointer + 1;

        public int References { get; set; }

        public bool Open { get; set; }
    }
}
