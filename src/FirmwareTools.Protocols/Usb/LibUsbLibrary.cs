using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// The libusb-1.0 functions this module uses, bound once per process from the library file found by
    /// <see cref="LibUsbLibraryNames"/>. The delegates use CallingConvention.Winapi, which is exactly
    /// libusb's LIBUSB_CALL: stdcall on 32-bit Windows, the C convention everywhere else.
    /// </summary>
    internal sealed class LibUsbLibrary
    {
        private static readonly object Gate = new object();
        private static LibUsbLibrary? shared;

        private LibUsbLibrary(string path, IntPtr handle)
            : this(path, (type, name) => Marshal.GetDelegateForFunctionPointer(NativeLibraryLoader.GetExport(handle, name), type))
        {
        }

        /// <summary>Binds each function through <paramref name="bind"/> (delegate type, export name); tests pass a managed stand-in for libusb.</summary>
        internal LibUsbLibrary(string path, Func<Type, string, Delegate> bind)
        {
            Path = path;
            init = Bind<libusb_init_t>(bind, "libusb_init");
            exit = Bind<libusb_exit_t>(bind, "libusb_exit");
            get_version = Bind<libusb_get_version_t>(bind, "libusb_get_version");
            get_device_list = Bind<libusb_get_device_list_t>(bind, "libusb_get_device_list");
            free_device_list = Bind<libusb_free_device_list_t>(bind, "libusb_free_device_list");
            ref_device = Bind<libusb_ref_device_t>(bind, "libusb_ref_device");
            unref_device = Bind<libusb_unref_device_t>(bind, "libusb_unref_device");
            get_bus_number = Bind<libusb_get_bus_number_t>(bind, "libusb_get_bus_number");
            get_device_address = Bind<libusb_get_device_address_t>(bind, "libusb_get_device_address");
            get_port_numbers = Bind<libusb_get_port_numbers_t>(bind, "libusb_get_port_numbers");
            get_device_descriptor = Bind<libusb_get_device_descriptor_t>(bind, "libusb_get_device_descriptor");
            get_config_descriptor = Bind<libusb_get_config_descriptor_t>(bind, "libusb_get_config_descriptor");
            free_config_descriptor = Bind<libusb_free_config_descriptor_t>(bind, "libusb_free_config_descriptor");
            open = Bind<libusb_open_t>(bind, "libusb_open");
            close = Bind<libusb_close_t>(bind, "libusb_close");
            claim_interface = Bind<libusb_claim_interface_t>(bind, "libusb_claim_interface");
            release_interface = Bind<libusb_release_interface_t>(bind, "libusb_release_interface");
            set_interface_alt_setting = Bind<libusb_set_interface_alt_setting_t>(bind, "libusb_set_interface_alt_setting");
            control_transfer = Bind<libusb_control_transfer_t>(bind, "libusb_control_transfer");
            bulk_transfer = Bind<libusb_bulk_transfer_t>(bind, "libusb_bulk_transfer");
            clear_halt = Bind<libusb_clear_halt_t>(bind, "libusb_clear_halt");
            error_name = Bind<libusb_error_name_t>(bind, "libusb_error_name");
            set_auto_detach_kernel_driver = Bind<libusb_set_auto_detach_kernel_driver_t>(bind, "libusb_set_auto_detach_kernel_driver");

            var v = Marshal.PtrToStructure<LibUsbNativeVersion>(get_version());
            Version = $"{v.major}.{v.minor}.{v.micro}.{v.nano}";
        }

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate int libusb_init_t(out IntPtr context);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate void libusb_exit_t(IntPtr context);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate IntPtr libusb_get_version_t();

        /// <summary>Returns ssize_t: the device count or a negative error.</summary>
        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate IntPtr libusb_get_device_list_t(IntPtr context, out IntPtr list);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate void libusb_free_device_list_t(IntPtr list, int unrefDevices);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate IntPtr libusb_ref_device_t(IntPtr device);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate void libusb_unref_device_t(IntPtr device);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate byte libusb_get_bus_number_t(IntPtr device);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate byte libusb_get_device_address_t(IntPtr device);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate int libusb_get_port_numbers_t(IntPtr device, [Out] byte[] portNumbers, int length);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate int libusb_get_device_descriptor_t(IntPtr device, out LibUsbNativeDeviceDescriptor descriptor);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate int libusb_get_config_descriptor_t(IntPtr device, byte index, out IntPtr configuration);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate void libusb_free_config_descriptor_t(IntPtr configuration);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate int libusb_open_t(IntPtr device, out IntPtr handle);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate void libusb_close_t(IntPtr handle);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate int libusb_claim_interface_t(IntPtr handle, int interfaceNumber);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate int libusb_release_interface_t(IntPtr handle, int interfaceNumber);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate int libusb_set_interface_alt_setting_t(IntPtr handle, int interfaceNumber, int alternateSetting);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate int libusb_control_transfer_t(IntPtr handle, byte requestType, byte request, ushort value, ushort index, IntPtr data, ushort length, uint timeout);

        /// <summary>Returns 0 or a negative error; <paramref name="transferred"/> is set either way (a timeout may have moved some bytes).</summary>
        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate int libusb_bulk_transfer_t(IntPtr handle, byte endpoint, IntPtr data, int length, out int transferred, uint timeout);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate int libusb_clear_halt_t(IntPtr handle, byte endpoint);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate IntPtr libusb_error_name_t(int error);

        [UnmanagedFunctionPointer(CallingConvention.Winapi)]
        internal delegate int libusb_set_auto_detach_kernel_driver_t(IntPtr handle, int enable);

        /// <summary>The file libusb was loaded from (as named in the candidate list).</summary>
        public string Path { get; }

        /// <summary>major.minor.micro.nano, e.g. 1.0.27.11882.</summary>
        public string Version { get; }

#pragma warning disable SA1300, IDE1006 // the fields carry libusb's function names
        internal readonly libusb_init_t init;
        internal readonly libusb_exit_t exit;
        internal readonly libusb_get_version_t get_version;
        internal readonly libusb_get_device_list_t get_device_list;
        internal readonly libusb_free_device_list_t free_device_list;
        internal readonly libusb_ref_device_t ref_device;
        internal readonly libusb_unref_device_t unref_device;
        internal readonly libusb_get_bus_number_t get_bus_number;
        internal readonly libusb_get_device_address_t get_device_address;
        internal readonly libusb_get_port_numbers_t get_port_numbers;
        internal readonly libusb_get_device_descriptor_t get_device_descriptor;
        internal readonly libusb_get_config_descriptor_t get_config_descriptor;
        internal readonly libusb_free_config_descriptor_t free_config_descriptor;
        internal readonly libusb_open_t open;
        internal readonly libusb_close_t close;
        internal readonly libusb_claim_interface_t claim_interface;
        internal readonly libusb_release_interface_t release_interface;
        internal readonly libusb_set_interface_alt_setting_t set_interface_alt_setting;
        internal readonly libusb_control_transfer_t control_transfer;
        internal readonly libusb_bulk_transfer_t bulk_transfer;
        internal readonly libusb_clear_halt_t clear_halt;
        internal readonly libusb_error_name_t error_name;
        internal readonly libusb_set_auto_detach_kernel_driver_t set_auto_detach_kernel_driver;
#pragma warning restore SA1300, IDE1006

        /// <summary>The process-wide binding, loaded on first use. A failure is not cached, so installing libusb and retrying works.</summary>
        public static LibUsbLibrary Shared
        {
            get
            {
                lock (Gate)
                {
                    return shared ??= Load(DefaultCandidates(), LibUsbLibraryNames.CurrentPlatform);
                }
            }
        }

        public static IReadOnlyList<string> DefaultCandidates()
        {
            string? directory = System.IO.Path.GetDirectoryName(typeof(LibUsbLibrary).Assembly.Location);
            return LibUsbLibraryNames.Candidates(LibUsbLibraryNames.CurrentPlatform, RuntimeInformation.ProcessArchitecture, directory);
        }

        /// <summary>Loads the first candidate that is a usable libusb-1.0; throws <see cref="LibUsbNotAvailableException"/> naming every file tried.</summary>
        public static LibUsbLibrary Load(IEnumerable<string> candidates, OSPlatform os)
        {
            var tried = new List<string>();
            foreach (string candidate in candidates)
            {
                IntPtr handle;
                string? error;
                try
                {
                    handle = NativeLibraryLoader.TryLoad(candidate, out error);
                }
                catch (DllNotFoundException ex)
                {
                    handle = IntPtr.Zero;
                    error = ex.Message;
                }

                if (handle == IntPtr.Zero)
                {
                    tried.Add($"{candidate} ({error})");
                    continue;
                }

                string? missing = RequiredExports.FirstOrDefault(name => NativeLibraryLoader.GetExport(handle, name) == IntPtr.Zero);
                if (missing is not null)
                {
                    tried.Add($"{candidate} (loaded, but it has no {missing}: not libusb-1.0, or older than 1.0.16)");
                    continue;
                }

                return new LibUsbLibrary(candidate, handle);
            }

            throw new LibUsbNotAvailableException(
                "libusb-1.0 could not be loaded, so USB devices cannot be listed or flashed. Tried: " + string.Join("; ", tried) + ".",
                LibUsbLibraryNames.InstallHint(os));
        }

        /// <summary>libusb's name for an error code (LIBUSB_ERROR_PIPE...).</summary>
        public string ErrorName(int code) => Marshal.PtrToStringAnsi(error_name(code)) ?? LibUsbError.Name(code);

        private static readonly string[] RequiredExports =
        {
            "libusb_init", "libusb_exit", "libusb_get_version", "libusb_get_device_list", "libusb_free_device_list",
            "libusb_ref_device", "libusb_unref_device", "libusb_get_bus_number", "libusb_get_device_address",
            "libusb_get_port_numbers", "libusb_get_device_descriptor", "libusb_get_config_descriptor",
            "libusb_free_config_descriptor", "libusb_open", "libusb_close", "libusb_claim_interface",
            "libusb_release_interface", "libusb_set_interface_alt_setting", "libusb_control_transfer", "libusb_bulk_transfer", "libusb_clear_halt",
            "libusb_error_name", "libusb_set_auto_detach_kernel_driver",
        };

        private static T Bind<T>(Func<Type, string, Delegate> bind, string name)
            where T : Delegate => (T)bind(typeof(T), name);
    }
}
