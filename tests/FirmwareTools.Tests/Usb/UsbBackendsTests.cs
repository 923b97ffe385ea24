using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Dfu;
using FirmwareTools.Simulators.Usb;
using Xunit;

namespace FirmwareTools.Tests.Usb;

/// <summary>
/// The cmdlets' choice of bus: libusb normally, the USB bridge when FIRMWARETOOLS_USB_BRIDGE names one. The
/// environment variable is process-wide, so these tests do not run in parallel with each other.
/// </summary>
[Collection("FIRMWARETOOLS_USB_BRIDGE environment")]
public class UsbBackendsTests
{
    [Fact]
    public void Without_the_variable_the_real_libusb_bus_is_used()
    {
        string? saved = Environment.GetEnvironmentVariable(RemoteUsbBackend.EnvironmentVariable);
        Environment.SetEnvironmentVariable(RemoteUsbBackend.EnvironmentVariable, null);
        try
        {
            using IUsbBackend backend = UsbBackends.CreateDefault();
            Assert.IsType<LibUsbBackend>(backend);
        }
        finally
        {
            Environment.SetEnvironmentVariable(RemoteUsbBackend.EnvironmentVariable, saved);
        }
    }

    [Fact]
    public void The_variable_points_the_module_at_a_bridged_bootloader()
    {
        var board = new VirtualStm32Bootloader("3061B4493536", null, new VirtualStm32BootloaderSettings { TimeScale = 0.001 });
        using var bus = new VirtualUsbBus(board);
        using UsbBridgeServer server = UsbBridgeServer.Start(board);
        string? saved = Environment.GetEnvironmentVariable(RemoteUsbBackend.EnvironmentVariable);
        Environment.SetEnvironmentVariable(RemoteUsbBackend.EnvironmentVariable, $"127.0.0.1:{server.Port}");
        var log = new List<string>();
        try
        {
            using IUsbBackend backend = UsbBackends.CreateDefault((level, message) => log.Add(message));
            Assert.IsType<RemoteUsbBackend>(backend);
            DfuDevice device = Assert.Single(DfuDeviceFinder.Find(backend));
            Assert.Equal("3061B4493536", device.SerialNumber);
            Assert.Contains(log, m => m.Contains($"127.0.0.1:{server.Port}", StringComparison.Ordinal));
        }
        finally
        {
            Environment.SetEnvironmentVariable(RemoteUsbBackend.EnvironmentVariable, saved);
        }
    }
}
