using FirmwareTools.Tests.Common;
using System.Net;
using System.Net.Sockets;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Dfu;
using FirmwareTools.Simulators.Http;
using FirmwareTools.Simulators.Usb;
using FirmwareTools.Tests.Peers;
using Xunit;

namespace FirmwareTools.Tests.Usb;

/// <summary>The C# end of the loopback USB bridge: a served device looks and fails like a local one.</summary>
[Collection("FIRMWARETOOLS_USB_BRIDGE environment")]
public class RemoteUsbBackendTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public void Lists_the_served_device_and_round_trips_descriptors_and_transfers()
    {
        var device = new EchoClassDevice();
        using UsbBridgeServer server = UsbBridgeServer.Start(device);
        using var backend = RemoteUsbBackend.Parse($"127.0.0.1:{server.Port}");

        IUsbDevice remote = Assert.Single(backend.GetDevices());
        Assert.Equal(Stm32F405BootloaderDescriptors.Device(), remote.GetDeviceDescriptor());
        Assert.Equal(Stm32F405BootloaderDescriptors.Configuration(), remote.GetConfigurationDescriptor(0));
        Assert.Equal($"127.0.0.1:{server.Port}", remote.Location.PortPath);

        remote.Open();
        Assert.True(remote.IsOpen);
        Assert.True(device.IsOpen);
        remote.ClaimInterface(0);
        remote.SetAlternateSetting(0, 2);
        Assert.Contains(0, device.ClaimedInterfaces);
        Assert.Equal(2, device.AlternateSettings[0]);

        byte[] data = [0xDE, 0xAD, 0xBE, 0xEF, 0x42];
        int written = remote.ControlTransfer(new UsbSetupPacket(0x21, 0x01, 7, 0, (ushort)data.Length), data, 0, Timeout);
        Assert.Equal(5, written);
        Assert.Equal(data, device.Stored);
        Assert.Equal((ushort)7, device.LastStoreSetup!.Value.Value);

        var buffer = new byte[10];
        int read = remote.ControlTransfer(new UsbSetupPacket(0xA1, 0x02, 0, 0, 8), buffer, 2, Timeout);
        Assert.Equal(5, read);
        Assert.Equal(new byte[] { 0, 0, 0xDE, 0xAD, 0xBE, 0xEF, 0x42, 0, 0, 0 }, buffer);

        // Strings travel as raw GET_DESCRIPTOR transfers like any other request.
        var text = new byte[64];
        int length = remote.ControlTransfer(new UsbSetupPacket(0x80, 0x06, 0x0302, 0x0409, 64), text, 0, Timeout);
        Assert.Equal("STM32  BOOTLOADER", System.Text.Encoding.Unicode.GetString(text, 2, length - 2));
    }

    [Fact]
    public void The_module_finds_and_flashes_the_virtual_bootloader_through_the_bridge()
    {
        var device = new VirtualStm32Bootloader(settings: new VirtualStm32BootloaderSettings { TimeScale = 0.001 });
        using var bus = new VirtualUsbBus(device);
        using UsbBridgeServer server = UsbBridgeServer.Start(device);
        using var backend = RemoteUsbBackend.Parse($"127.0.0.1:{server.Port}");
        var first = new byte[3000];
        var second = new byte[5000];
        new Random(12).NextBytes(first);
        new Random(13).NextBytes(second);

        DfuDevice found = Assert.Single(DfuDeviceFinder.Find(backend));
        Assert.Equal(device.SerialNumber, found.SerialNumber);
        Assert.Equal(2048, found.TransferSize);
        DfuAlternateSetting flash = Assert.IsType<DfuAlternateSetting>(found.InternalFlash);
        Assert.Equal(Stm32F405BootloaderDescriptors.InternalFlashLayout, flash.Name);

        var layouts = found.AlternateSettings.Where(a => a.MemoryLayout is not null).ToDictionary(a => a.Number, a => a.MemoryLayout!);
        DfuSeFlashPlan plan = DfuSeFlashPlan.Create([new DfuSeTarget(flash.Number, "ST...", [new DfuSeElement(0x08000000, first), new DfuSeElement(0x08020000, second)])], layouts);
        var client = new DfuSeClient(found.UsbDevice, found.InterfaceNumber, flash.Number, found.TransferSize);
        client.Open();
        DfuSeFlashResult result = new DfuSeFlasher(client).Flash(plan, new DfuSeFlashOptions { Verify = true });

        Assert.True(result.Verified);
        Assert.True(result.LeftDfuMode);
        Assert.Equal(first, device.Flash.AsSpan(0, first.Length).ToArray());
        Assert.Equal(second, device.Flash.AsSpan(0x20000, second.Length).ToArray());
        Assert.Equal([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0], device.SectorEraseCounts);
        Assert.False(device.IsConnected);
    }

    [Fact]
    public void Stall_timeout_and_a_device_that_left_the_bus_arrive_as_the_seam_exceptions()
    {
        var device = new EchoClassDevice();
        using UsbBridgeServer server = UsbBridgeServer.Start(device);
        using var backend = new RemoteUsbBackend("127.0.0.1", server.Port);
        IUsbDevice remote = Assert.Single(backend.GetDevices());
        remote.Open();
        var buffer = new byte[8];

        Assert.Throws<UsbStallException>(() => remote.ControlTransfer(new UsbSetupPacket(0xA1, 0x7F, 0, 0, 8), buffer, 0, Timeout));
        UsbTimeoutException timeout = Assert.Throws<UsbTimeoutException>(() => remote.ControlTransfer(new UsbSetupPacket(0xA1, 0x05, 0, 0, 6), buffer, 0, TimeSpan.FromMilliseconds(250)));
        Assert.Contains("250 ms", timeout.Message, StringComparison.Ordinal);

        remote.ControlTransfer(new UsbSetupPacket(0x21, 0x00, 0, 0, 0), buffer, 0, Timeout);
        Assert.False(device.IsConnected);
        UsbDeviceGoneException gone = Assert.Throws<UsbDeviceGoneException>(() => remote.ControlTransfer(new UsbSetupPacket(0xA1, 0x02, 0, 0, 6), buffer, 0, Timeout));
        Assert.Equal("UsbDeviceGone", gone.ErrorId);
        Assert.False(remote.IsOpen);
    }

    [Fact]
    public void A_bridge_that_is_not_there_is_a_clear_connection_error_naming_the_endpoint()
    {
        using var refusing = new RefusingPort();
        int port = refusing.Port;

        using var backend = new RemoteUsbBackend("127.0.0.1", port);
        var e = Catalogued.Throws("UsbBridgeUnavailable", () => backend.GetDevices());
        Assert.Equal("UsbBridgeUnavailable", e.ErrorId);
        Assert.Equal($"127.0.0.1:{port}", e.Target);
        Assert.Contains(RemoteUsbBackend.EnvironmentVariable, e.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void The_environment_variable_names_the_bridge_and_its_absence_means_real_usb()
    {
        string? saved = Environment.GetEnvironmentVariable(RemoteUsbBackend.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(RemoteUsbBackend.EnvironmentVariable, "127.0.0.1:40123");
            using RemoteUsbBackend? named = RemoteUsbBackend.FromEnvironment();
            Assert.NotNull(named);
            Assert.Equal("127.0.0.1", named.Host);
            Assert.Equal(40123, named.Port);

            Environment.SetEnvironmentVariable(RemoteUsbBackend.EnvironmentVariable, null);
            Assert.Null(RemoteUsbBackend.FromEnvironment());
        }
        finally
        {
            Environment.SetEnvironmentVariable(RemoteUsbBackend.EnvironmentVariable, saved);
        }
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:70000")]
    [InlineData(":40123")]
    public void A_malformed_bridge_address_is_refused_before_connecting(string endpoint)
    {
        var e = Catalogued.Throws("UsbBridgeUnavailable", () => RemoteUsbBackend.Parse(endpoint));
        Assert.Equal(endpoint, e.Target);
    }
}
