using FirmwareTools.Tests.Common;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Pyboard;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Dfu;
using FirmwareTools.Simulators.Usb;
using Xunit;

namespace FirmwareTools.Tests.Pyboard;

/// <summary>Which board Install- and Backup-PyboardFirmware act on when none is piped in.</summary>
public class DfuDeviceSelectorTests
{
    private static VirtualStm32Bootloader Board(string serial, string path) =>
        new(serial, new UsbDeviceLocation(1, (byte)(path.Length + serial[0]), path), new VirtualStm32BootloaderSettings { TimeScale = 0.001 });

    [Fact]
    public void The_only_bootloader_is_chosen_and_runtime_or_application_devices_are_ignored()
    {
        var bus = new VirtualUsbBus(
            Board("3061B4493536", "1-1"),
            VirtualDevices.DfuRuntimeDevice("RT0001", new UsbDeviceLocation(1, 9, "1-2")),
            VirtualDevices.MicroPythonBoard("2061B4493536", new UsbDeviceLocation(1, 10, "1-3")));

        DfuDevice chosen = DfuDeviceSelector.SelectSingle(DfuDeviceFinder.Find(bus));

        Assert.Equal("3061B4493536", chosen.SerialNumber);
    }

    [Fact]
    public void Two_bootloaders_without_a_serial_are_refused_and_both_are_named()
    {
        var bus = new VirtualUsbBus(Board("3061B4493536", "1-1"), Board("2061B4493536", "1-2"));

        var e = Catalogued.Throws("DfuDeviceAmbiguous", () => DfuDeviceSelector.SelectSingle(DfuDeviceFinder.Find(bus)));

        Assert.Equal("DfuDeviceAmbiguous", e.ErrorId);
        Assert.Contains("3061B4493536", e.Message, StringComparison.Ordinal);
        Assert.Contains("2061B4493536", e.Message, StringComparison.Ordinal);
        Assert.Contains("-SerialNumber", e.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void A_serial_number_picks_one_of_several_ignoring_case()
    {
        var bus = new VirtualUsbBus(Board("3061B4493536", "1-1"), Board("2061B4493536", "1-2"));

        DfuDevice chosen = DfuDeviceSelector.SelectSingle(DfuDeviceFinder.Find(bus), "2061b4493536");

        Assert.Equal("1-2", chosen.PortPath);
    }

    [Fact]
    public void No_bootloader_says_how_to_enter_dfu_mode()
    {
        var bus = new VirtualUsbBus(VirtualDevices.MicroPythonBoard("2061B4493536", new UsbDeviceLocation(1, 10, "1-3")));

        var e = Catalogued.Throws("DfuDeviceNotFound", () => DfuDeviceSelector.SelectSingle(DfuDeviceFinder.Find(bus), "2061B4493536"));

        Assert.Contains("2061B4493536", e.Message, StringComparison.Ordinal);
        Assert.Contains("machine.bootloader()", e.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void A_runtime_mode_device_is_refused_for_flashing_before_any_request()
    {
        DfuDevice runtime = Assert.Single(DfuDeviceFinder.Find(new VirtualUsbBus(VirtualDevices.DfuRuntimeDevice("RT0001", new UsbDeviceLocation(1, 9, "1-2")))));

        var e = Catalogued.Throws("DfuDeviceNotSupported", () => PyboardInstaller.Prepare(runtime, new PyboardInstallRequest { Path = "unused.dfu" }));

        Assert.Contains("run-time", e.Message, StringComparison.Ordinal);
    }
}
