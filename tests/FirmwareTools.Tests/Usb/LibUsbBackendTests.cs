using System.Runtime.InteropServices;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Usb;
using Xunit;

namespace FirmwareTools.Tests.Usb;

/// <summary>
/// The real libusb-1.0 (Debian's libusb-1.0-0, installed by tools/install-test-deps.sh) loaded through
/// the binding. These machines have no USB bus, so listing must be empty and quiet, never an error.
/// </summary>
public class LibUsbBackendTests
{
    [Fact]
    public void Loads_the_real_library_and_reports_its_version()
    {
        LibUsbLibrary library = LibUsbLibrary.Shared;

        Assert.Contains(library.Path, LibUsbLibrary.DefaultCandidates());
        Assert.Matches(@"^1\.\d+\.\d+\.\d+$", library.Version);
        Assert.Equal(library.Version, LibUsbBackend.LibraryVersion);
        Assert.Same(library, LibUsbLibrary.Shared);
    }

    [Fact]
    public void Error_names_come_from_libusb()
    {
        LibUsbLibrary library = LibUsbLibrary.Shared;
        Assert.Equal("LIBUSB_ERROR_PIPE", library.ErrorName(LibUsbError.LIBUSB_ERROR_PIPE));
        Assert.Equal("LIBUSB_ERROR_ACCESS", library.ErrorName(LibUsbError.LIBUSB_ERROR_ACCESS));
        Assert.Equal("LIBUSB_ERROR_TIMEOUT", library.ErrorName(LibUsbError.LIBUSB_ERROR_TIMEOUT));
    }

    [Fact]
    public void Init_and_exit_directly()
    {
        LibUsbLibrary library = LibUsbLibrary.Shared;
        int result = library.init(out IntPtr context);
        if (result == 0)
        {
            Assert.NotEqual(IntPtr.Zero, context);
            long count = library.get_device_list(context, out IntPtr list).ToInt64();
            Assert.True(count >= 0, library.ErrorName((int)count));
            library.free_device_list(list, 1);
            library.exit(context);
        }
        else
        {
            // No usbfs: libusb refuses to start, with a real libusb error name.
            Assert.StartsWith("LIBUSB_ERROR_", library.ErrorName(result), StringComparison.Ordinal);
            Assert.False(Directory.Exists("/dev/bus/usb"));
        }
    }

    [Fact]
    public void Listing_a_machine_without_a_usb_bus_is_empty_and_not_an_error()
    {
        var log = new List<(LogLevel Level, string Message)>();
        using LibUsbBackend backend = LibUsbBackend.Create((l, m) => log.Add((l, m)));

        IReadOnlyList<IUsbDevice> devices = backend.GetDevices();

        if (!Directory.Exists("/dev/bus/usb"))
        {
            Assert.Empty(devices);
            Assert.Empty(DfuDeviceFinder.Find(backend));
            Assert.DoesNotContain(log, l => l.Level == LogLevel.Warning);
        }

        foreach (IUsbDevice device in devices)
        {
            device.Dispose();
        }
    }

    [Fact]
    public void Missing_library_is_LibUsbNotAvailable_with_the_install_hint()
    {
        string[] candidates = ["/nonexistent/libusb-1.0.so.0", "libusb-does-not-exist-1.0.so.0"];

        var ex = Assert.Throws<LibUsbNotAvailableException>(() => LibUsbLibrary.Load(candidates, OSPlatform.Linux));

        Assert.Equal("LibUsbNotAvailable", ex.ErrorId);
        Assert.Equal(FirmwareErrorKind.NotInstalled, ex.Kind);
        Assert.Equal("libusb-1.0", ex.Target);
        Assert.Contains("/nonexistent/libusb-1.0.so.0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("libusb-does-not-exist-1.0.so.0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("sudo apt install libusb-1.0-0", ex.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void A_library_that_is_not_libusb_is_refused()
    {
        var ex = Assert.Throws<LibUsbNotAvailableException>(() => LibUsbLibrary.Load(["libdl.so.2"], OSPlatform.OSX));

        Assert.Contains("no libusb_init", ex.Message, StringComparison.Ordinal);
        Assert.Contains("brew install libusb", ex.RecommendedAction, StringComparison.Ordinal);
    }
}
