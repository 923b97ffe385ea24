using System.Runtime.InteropServices;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Usb;
using Xunit;

namespace FirmwareTools.Tests.Usb;

/// <summary>LibUsbBackend and LibUsbDevice over <see cref="FakeLibUsb"/>: the binding's own logic, end to end to DFU discovery.</summary>
public sealed class LibUsbDeviceTests : IDisposable
{
    private readonly VirtualUsbDevice bootloader = VirtualDevices.Stm32Bootloader("3061B4493536", new UsbDeviceLocation(3, 17, "ignored"));
    private readonly VirtualUsbDevice pyboard = VirtualDevices.MicroPythonBoard("3061B4493536", new UsbDeviceLocation(3, 9, "ignored"));
    private readonly FakeLibUsb libusb;
    private readonly List<(LogLevel Level, string Message)> log = [];

    public LibUsbDeviceTests()
    {
        libusb = new FakeLibUsb((bootloader, [1, 4]), (pyboard, [2]));
    }

    public void Dispose() => libusb.Dispose();

    [Fact]
    public void Devices_carry_bus_address_and_port_path_from_libusb()
    {
        using LibUsbBackend backend = LibUsbBackend.Create(libusb.Library, null);
        IReadOnlyList<IUsbDevice> devices = backend.GetDevices();

        Assert.Equal(["3-1.4", "3-2"], devices.Select(d => d.Location.PortPath));
        Assert.Equal(new byte[] { 17, 9 }, devices.Select(d => d.Location.DeviceAddress));
        Assert.All(devices, d => Assert.Equal(3, d.Location.BusNumber));
        foreach (IUsbDevice d in devices)
        {
            d.Dispose();
        }
    }

    [Fact]
    public void Descriptors_come_back_as_the_devices_wire_bytes()
    {
        using LibUsbBackend backend = LibUsbBackend.Create(libusb.Library, null);
        IReadOnlyList<IUsbDevice> devices = backend.GetDevices();

        Assert.Equal(Stm32F405BootloaderDescriptors.Device(), devices[0].GetDeviceDescriptor());
        Assert.Equal(Stm32F405BootloaderDescriptors.Configuration(), devices[0].GetConfigurationDescriptor(0));
        Assert.Equal(MicroPythonBoardDescriptors.Configuration(), devices[1].GetConfigurationDescriptor(0));
        Assert.False(devices[0].IsOpen);
    }

    [Fact]
    public void Control_transfers_read_into_the_buffer_at_the_offset()
    {
        using LibUsbBackend backend = LibUsbBackend.Create(libusb.Library, null);
        IUsbDevice device = backend.GetDevices()[0];
        device.Open();
        var buffer = new byte[40];
        buffer[0] = 0xAA;

        int count = device.ControlTransfer(new UsbSetupPacket(0x80, 0x06, 0x0100, 0, 18), buffer, 5, TimeSpan.FromSeconds(1));

        Assert.Equal(18, count);
        Assert.Equal(0xAA, buffer[0]);
        Assert.Equal(Stm32F405BootloaderDescriptors.Device(), buffer.Skip(5).Take(18));
        Assert.Throws<ArgumentOutOfRangeException>(() => device.ControlTransfer(new UsbSetupPacket(0x80, 0x06, 0x0100, 0, 18), buffer, 30, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Stall_and_vanished_device_become_the_module_exceptions()
    {
        using LibUsbBackend backend = LibUsbBackend.Create(libusb.Library, null);
        IUsbDevice device = backend.GetDevices()[0];
        device.Open();

        var stall = Assert.Throws<UsbStallException>(() => device.ControlTransfer(new UsbSetupPacket(0xA1, 0x03, 0, 0, 6), new byte[6], 0, TimeSpan.FromSeconds(1)));
        Assert.Contains("0483:df11", stall.Message, StringComparison.Ordinal);
        Assert.Contains("LIBUSB_ERROR_PIPE", stall.Message, StringComparison.Ordinal);

        var io = Assert.Throws<UsbIOException>(() => device.SetAlternateSetting(0, 1));
        Assert.Equal("LIBUSB_ERROR_NOT_FOUND", io.ErrorName);
        device.ClaimInterface(0);
        device.SetAlternateSetting(0, 2);
        Assert.Equal(2, bootloader.AlternateSettings[0]);

        bootloader.Disconnect();
        Assert.Throws<UsbDeviceGoneException>(() => device.ControlTransfer(new UsbSetupPacket(0x80, 0x06, 0x0100, 0, 18), new byte[18], 0, TimeSpan.FromSeconds(1)));
        Assert.Throws<UsbDeviceGoneException>(() => device.GetConfigurationDescriptor(0));
    }

    [Fact]
    public void Transfers_need_an_open_device()
    {
        using LibUsbBackend backend = LibUsbBackend.Create(libusb.Library, null);
        IUsbDevice device = backend.GetDevices()[0];
        Assert.Throws<InvalidOperationException>(() => device.ClaimInterface(0));
    }

    [Fact]
    public void Access_denied_on_open_names_the_device()
    {
        libusb.OpenErrors[bootloader] = LibUsbError.LIBUSB_ERROR_ACCESS;
        using LibUsbBackend backend = LibUsbBackend.Create(libusb.Library, null);
        IUsbDevice device = backend.GetDevices()[0];

        var ex = Assert.Throws<UsbAccessDeniedException>(device.Open);
        Assert.Equal("0483:df11 (bus 3, port path 3-1.4)", ex.Target);
        Assert.Contains("0483:df11 (bus 3, port path 3-1.4)", ex.Message, StringComparison.Ordinal);
        Assert.False(device.IsOpen);
    }

    [Fact]
    public void Other_open_errors_are_not_access_denied()
    {
        libusb.OpenErrors[bootloader] = LibUsbError.LIBUSB_ERROR_IO;
        using LibUsbBackend backend = LibUsbBackend.Create(libusb.Library, null);
        Assert.IsType<UsbIOException>(Record.Exception(backend.GetDevices()[0].Open));
    }

    [Fact]
    public void Discovery_through_the_binding_finds_the_bootloader_and_releases_everything_else()
    {
        using (LibUsbBackend backend = LibUsbBackend.Create(libusb.Library, (l, m) => log.Add((l, m))))
        {
            DfuDevice d = Assert.Single(DfuDeviceFinder.Find(backend, log: (l, m) => log.Add((l, m))));

            Assert.Equal("0483:df11 3061B4493536 at 3-1.4", d.ToString());
            Assert.Equal(2048, d.TransferSize);
            Assert.Equal(["Internal Flash", "Option Bytes", "OTP Memory", "Device Feature"], d.AlternateSettings.Select(a => a.MemoryLayout!.Name));
            Assert.IsType<LibUsbDevice>(d.UsbDevice);
            Assert.Equal(0, libusb.References(pyboard));
            Assert.Equal(1, libusb.References(bootloader));
            Assert.Equal(1, libusb.OpenDevices);

            d.UsbDevice.Dispose();
            Assert.Equal(0, libusb.References(bootloader));
            Assert.Equal(0, libusb.OpenDevices);
            Assert.Equal(0, libusb.ExitCalls);
        }

        Assert.Equal(1, libusb.ExitCalls);
    }

    [Fact]
    public void Denied_device_through_the_binding_is_listed_with_the_udev_hint()
    {
        libusb.OpenErrors[bootloader] = LibUsbError.LIBUSB_ERROR_ACCESS;
        using LibUsbBackend backend = LibUsbBackend.Create(libusb.Library, null);

        DfuDevice d = Assert.Single(DfuDeviceFinder.Find(backend, log: (l, m) => log.Add((l, m))));

        Assert.Null(d.SerialNumber);
        (LogLevel _, string warning) = Assert.Single(log, l => l.Level == LogLevel.Warning);
        Assert.Contains("0483:df11 (bus 3, port path 3-1.4)", warning, StringComparison.Ordinal);
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            Assert.Contains("49-stm32-dfu.rules", warning, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Devices_outlive_their_backend_and_the_context_ends_with_the_last()
    {
        LibUsbBackend backend = LibUsbBackend.Create(libusb.Library, null);
        IReadOnlyList<IUsbDevice> devices = backend.GetDevices();
        backend.Dispose();

        Assert.Equal(0, libusb.ExitCalls);
        Assert.Equal(Stm32F405BootloaderDescriptors.Configuration(), devices[0].GetConfigurationDescriptor(0));
        devices[0].Dispose();
        devices[1].Dispose();
        devices[1].Dispose();
        Assert.Equal(1, libusb.ExitCalls);
        Assert.Throws<ObjectDisposedException>(() => devices[0].GetConfigurationDescriptor(0));
        Assert.Throws<ObjectDisposedException>(backend.GetDevices);
    }

    [Fact]
    public void A_failed_init_lists_nothing_and_says_why()
    {
        libusb.InitResult = LibUsbError.LIBUSB_ERROR_OTHER;
        using LibUsbBackend backend = LibUsbBackend.Create(libusb.Library, (l, m) => log.Add((l, m)));

        Assert.Empty(backend.GetDevices());
        Assert.Contains(log, l => l.Message.Contains("LIBUSB_ERROR_OTHER", StringComparison.Ordinal));
        Assert.Equal(0, libusb.ExitCalls);
    }
}
