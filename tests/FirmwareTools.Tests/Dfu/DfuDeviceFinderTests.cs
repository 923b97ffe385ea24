using Xunit;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Usb;
using FirmwareTools.Tests.Usb;

namespace FirmwareTools.Tests.Dfu;

public class DfuDeviceFinderTests
{
    private readonly List<(LogLevel Level, string Message)> log = [];

    private OperationLog Log => (level, message) => log.Add((level, message));

    [Fact]
    public void F405_bootloader_is_one_device_with_four_parsed_alternate_settings()
    {
        using var bus = new VirtualUsbBus(VirtualDevices.Stm32Bootloader("3061B4493536", VirtualDevices.At(1, 7, 1, 4)));

        DfuDevice d = Assert.Single(DfuDeviceFinder.Find(bus, log: Log));

        Assert.Equal(0x0483, d.VendorId);
        Assert.Equal(0xDF11, d.ProductId);
        Assert.Equal("0483:df11", d.Id);
        Assert.Equal("3061B4493536", d.SerialNumber);
        Assert.Equal("STMicroelectronics", d.Manufacturer);
        Assert.Equal("STM32  BOOTLOADER", d.Product);
        Assert.Equal(1, d.BusNumber);
        Assert.Equal(7, d.DeviceAddress);
        Assert.Equal("1-1.4", d.PortPath);
        Assert.Equal(0x2200, d.DeviceVersion);
        Assert.Equal(0x011A, d.DfuVersion);
        Assert.True(d.IsDfuSe);
        Assert.Equal(DfuMode.Dfu, d.Mode);
        Assert.Equal(0, d.InterfaceNumber);
        Assert.Equal(2048, d.TransferSize);
        Assert.Equal(255, d.DetachTimeout);
        Assert.Equal(DfuAttributes.CanDownload | DfuAttributes.CanUpload | DfuAttributes.WillDetach, d.Attributes);
        Assert.True(d.CanDownload);
        Assert.True(d.CanUpload);
        Assert.False(d.ManifestationTolerant);
        Assert.True(d.WillDetach);
        Assert.Null(d.AccessProblem);
        Assert.Equal("0483:df11 3061B4493536 at 1-1.4", d.ToString());

        Assert.Equal(new byte[] { 0, 1, 2, 3 }, d.AlternateSettings.Select(a => a.Number));
        Assert.Equal(
            ["Internal Flash", "Option Bytes", "OTP Memory", "Device Feature"],
            d.AlternateSettings.Select(a => a.MemoryLayout!.Name));
        Assert.All(d.AlternateSettings, a => Assert.Null(a.LayoutProblem));
        Assert.Equal(new long[] { 1024 * 1024, 16, 528, 4 }, d.AlternateSettings.Select(a => a.FlashSize));
        Assert.Equal(Stm32F405BootloaderDescriptors.InternalFlashLayout, d.AlternateSettings[0].Name);
        Assert.Same(d.AlternateSettings[0], d.InternalFlash);
        Assert.DoesNotContain(log, l => l.Level == LogLevel.Warning);
    }

    [Fact]
    public void MicroPython_board_is_skipped_and_runtime_device_is_reported_as_runtime()
    {
        using var bus = new VirtualUsbBus(
            VirtualDevices.MicroPythonBoard("3061B4493536", VirtualDevices.At(1, 3, 2)),
            VirtualDevices.DfuRuntimeDevice("RT-0001", VirtualDevices.At(1, 5, 3)));

        DfuDevice d = Assert.Single(DfuDeviceFinder.Find(bus, log: Log));

        Assert.Equal("1209:0001", d.Id);
        Assert.Equal(DfuMode.Runtime, d.Mode);
        Assert.Equal(1, d.InterfaceNumber);
        Assert.Equal(0x0110, d.DfuVersion);
        Assert.False(d.IsDfuSe);
        Assert.Equal(1024, d.TransferSize);
        Assert.Equal(1000, d.DetachTimeout);
        Assert.Equal(DfuAttributes.CanDownload | DfuAttributes.WillDetach, d.Attributes);
        Assert.Equal("RT-0001", d.SerialNumber);
        DfuAlternateSetting alt = Assert.Single(d.AlternateSettings);
        Assert.Equal(DfuRuntimeDeviceDescriptors.InterfaceName, alt.Name);
        Assert.Null(alt.MemoryLayout);
        Assert.NotNull(alt.LayoutProblem);
        Assert.Equal(0, alt.FlashSize);
        Assert.Same(alt, d.InternalFlash);
    }

    [Fact]
    public void Two_bootloaders_are_both_listed_in_port_order_and_filterable()
    {
        using var bus = new VirtualUsbBus(
            VirtualDevices.Stm32Bootloader("BBBB00000002", VirtualDevices.At(1, 12, 1, 10)),
            VirtualDevices.Stm32Bootloader("AAAA00000001", VirtualDevices.At(1, 11, 1, 9)),
            VirtualDevices.DfuRuntimeDevice("RT", VirtualDevices.At(1, 2, 1, 2)));

        IReadOnlyList<DfuDevice> all = DfuDeviceFinder.Find(bus);
        Assert.Equal(["1-1.2", "1-1.9", "1-1.10"], all.Select(d => d.PortPath));

        DfuDevice bySerial = Assert.Single(DfuDeviceFinder.Find(bus, new DfuDeviceFilter { SerialNumber = "bbbb00000002" }));
        Assert.Equal("1-1.10", bySerial.PortPath);

        IReadOnlyList<DfuDevice> st = DfuDeviceFinder.Find(bus, new DfuDeviceFilter { VendorId = 0x0483, ProductId = 0xDF11 });
        Assert.Equal(["AAAA00000001", "BBBB00000002"], st.Select(d => d.SerialNumber));

        Assert.Equal("1209:0001", Assert.Single(DfuDeviceFinder.Find(bus, new DfuDeviceFilter { VendorId = 0x1209 })).Id);
        Assert.Empty(DfuDeviceFinder.Find(bus, new DfuDeviceFilter { ProductId = 0x1234 }));
        Assert.Empty(DfuDeviceFinder.Find(bus, new DfuDeviceFilter { SerialNumber = "AAAA0000000" }));
    }

    [Fact]
    public void Filter_by_ids_does_not_open_other_devices()
    {
        VirtualUsbDevice other = VirtualDevices.DfuRuntimeDevice("RT", VirtualDevices.At(1, 2, 2));
        using var bus = new VirtualUsbBus(VirtualDevices.Stm32Bootloader("A", VirtualDevices.At(1, 3, 1)), other);

        Assert.Single(DfuDeviceFinder.Find(bus, new DfuDeviceFilter { VendorId = 0x0483 }));
        Assert.Equal(0, other.ControlTransferCount);
    }

    [Fact]
    public void Devices_opened_only_for_listing_are_closed_again_but_one_in_use_is_left_open()
    {
        VirtualUsbDevice inUse = VirtualDevices.Stm32Bootloader("AAAA", VirtualDevices.At(1, 2, 1));
        VirtualUsbDevice idle = VirtualDevices.Stm32Bootloader("BBBB", VirtualDevices.At(1, 3, 2));
        using var bus = new VirtualUsbBus(inUse, idle);
        inUse.Open();

        Assert.Empty(DfuDeviceFinder.Find(bus, new DfuDeviceFilter { SerialNumber = "CCCC" }));

        Assert.True(inUse.IsOpen);
        Assert.False(idle.IsOpen);
        Assert.True(idle.ControlTransferCount > 0);
    }

    [Fact]
    public void Device_that_denies_open_is_listed_from_its_descriptors_with_a_warning()
    {
        VirtualUsbDevice locked = VirtualDevices.Stm32Bootloader("3061B4493536", VirtualDevices.At(2, 4, 1));
        locked.DenyOpen = true;
        using var bus = new VirtualUsbBus(locked);

        DfuDevice d = Assert.Single(DfuDeviceFinder.Find(bus, log: Log));

        Assert.Equal("0483:df11", d.Id);
        Assert.Null(d.SerialNumber);
        Assert.Null(d.Manufacturer);
        Assert.Null(d.Product);
        Assert.True(d.IsDfuSe);
        Assert.Equal(2048, d.TransferSize);
        Assert.Equal(4, d.AlternateSettings.Count);
        Assert.All(d.AlternateSettings, a => Assert.Null(a.Name));
        Assert.All(d.AlternateSettings, a => Assert.NotNull(a.LayoutProblem));
        Assert.NotNull(d.AccessProblem);
        Assert.Equal("0483:df11 at 2-1", d.ToString());
        (LogLevel _, string warning) = Assert.Single(log, l => l.Level == LogLevel.Warning);
        Assert.Contains("0483:df11", warning, StringComparison.Ordinal);
        Assert.Contains("Grant access", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_strings_still_give_a_device_and_say_what_is_wrong_with_the_layout()
    {
        VirtualUsbDevice f427 = VirtualDevices.Stm32Bootloader("3061B4493536", VirtualDevices.At(1, 2, 1));
        f427.TruncateStringsBy = 4;
        using var bus = new VirtualUsbBus(f427);

        DfuDevice d = Assert.Single(DfuDeviceFinder.Find(bus, log: Log));

        Assert.Equal("3061B44935", d.SerialNumber);
        // "...07*128Kg" loses "Kg": the name is kept, the layout is refused, never half-parsed.
        DfuAlternateSetting flash = d.AlternateSettings[0];
        Assert.Equal("@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128", flash.Name);
        Assert.Null(flash.MemoryLayout);
        Assert.Contains("07*128", flash.LayoutProblem, StringComparison.Ordinal);
        Assert.Equal(0, flash.FlashSize);
        Assert.Same(flash, d.InternalFlash);
        Assert.Contains(log, l => l.Level == LogLevel.Warning && l.Message.Contains("alternate setting 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Device_that_vanished_after_listing_is_skipped()
    {
        VirtualUsbDevice gone = VirtualDevices.Stm32Bootloader("GONE", VirtualDevices.At(1, 2, 1));
        VirtualUsbDevice stays = VirtualDevices.Stm32Bootloader("STAYS", VirtualDevices.At(1, 3, 2));
        using var bus = new VirtualUsbBus(gone, stays);
        IReadOnlyList<IUsbDevice> snapshot = bus.GetDevices();
        gone.Disconnect();

        DfuDevice d = Assert.Single(DfuDeviceFinder.Find(new SnapshotBackend(snapshot), log: Log));

        Assert.Equal("STAYS", d.SerialNumber);
        Assert.Contains(log, l => l.Level == LogLevel.Verbose && l.Message.Contains("left the bus", StringComparison.Ordinal));
    }

    [Fact]
    public void Device_that_vanishes_while_its_strings_are_read_is_skipped()
    {
        var flaky = new ScriptedUsbDevice(Stm32F405BootloaderDescriptors.Device(), Stm32F405BootloaderDescriptors.Configuration());
        flaky.Answers[(0x0300, 0)] = () => [0x04, 0x03, 0x09, 0x04];
        flaky.Answers[(0x0301, 0x0409)] = () => throw new UsbDeviceGoneException("gone");

        Assert.Empty(DfuDeviceFinder.Find(new SnapshotBackend([flaky]), log: Log));
    }

    [Fact]
    public void Device_with_malformed_configuration_is_skipped_with_a_warning()
    {
        byte[] bad = Stm32F405BootloaderDescriptors.Configuration();
        bad[9] = 0; // first interface descriptor claims bLength 0
        var device = new ScriptedUsbDevice(Stm32F405BootloaderDescriptors.Device(), bad);

        Assert.Empty(DfuDeviceFinder.Find(new SnapshotBackend([device]), log: Log));
        Assert.Contains(log, l => l.Level == LogLevel.Warning && l.Message.Contains("bLength 0", StringComparison.Ordinal));
    }

    [Fact]
    public void DfuSe_device_reporting_protocol_0_counts_as_dfu_mode()
    {
        byte[] config = Stm32F405BootloaderDescriptors.Configuration();
        foreach (int offset in new[] { 16, 25, 34, 43 })
        {
            config[offset] = 0x00; // bInterfaceProtocol, as the DSO Nano reports it
        }

        var device = new ScriptedUsbDevice(Stm32F405BootloaderDescriptors.Device(), config);
        Assert.Equal(DfuMode.Dfu, Assert.Single(DfuDeviceFinder.Find(new SnapshotBackend([device]))).Mode);
    }

    [Fact]
    public void Without_a_functional_descriptor_the_device_is_dfu_1_0_with_unknown_transfer_size()
    {
        byte[] config = Stm32F405BootloaderDescriptors.Configuration().Take(45).ToArray();
        config[2] = 45;
        var device = new ScriptedUsbDevice(Stm32F405BootloaderDescriptors.Device(), config);

        DfuDevice d = Assert.Single(DfuDeviceFinder.Find(new SnapshotBackend([device]), log: Log));
        Assert.Equal(0x0100, d.DfuVersion);
        Assert.Equal(0, d.TransferSize);
        Assert.Contains(device.Requests, r => r.Value == 0x2100);
        Assert.Contains(log, l => l.Level == LogLevel.Warning && l.Message.Contains("no DFU functional descriptor", StringComparison.Ordinal));
    }

    [Fact]
    public void Cancellation_is_honoured()
    {
        using var bus = new VirtualUsbBus(VirtualDevices.Stm32Bootloader("A", VirtualDevices.At(1, 2, 1)));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => DfuDeviceFinder.Find(bus, cancellationToken: cts.Token));
    }

    [Fact]
    public void Empty_bus_gives_an_empty_list()
    {
        using var bus = new VirtualUsbBus();
        Assert.Empty(DfuDeviceFinder.Find(bus));
    }

    private sealed class SnapshotBackend(IReadOnlyList<IUsbDevice> devices) : IUsbBackend
    {
        public IReadOnlyList<IUsbDevice> GetDevices() => devices;

        public void Dispose()
        {
        }
    }
}
