using System.Text.Json;
using FirmwareTools.Simulators.Usb;
using Xunit;

namespace FirmwareTools.Tests.Peers;

/// <summary>
/// The loopback USB bridge, seen from node through tests/peers/webusb-bridge.js: what a WebUSB client
/// sees (properties from the raw descriptors, transfer results, the DOMExceptions a browser rejects
/// with) must match the served device's own state.
/// </summary>
public class UsbBridgeServerTests
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void WebUsb_client_sees_the_descriptors_transfers_stalls_and_the_device_leaving()
    {
        NodePeer.RequirePackage("webdfu");
        var device = new EchoClassDevice();
        using UsbBridgeServer server = UsbBridgeServer.Start(device);

        NodeRun run = NodePeer.Run("webusb-probe.js", ["--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], NodeTimeout);

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement r = run.Result;
        Assert.Equal(0x0483, r.GetProperty("vendorId").GetInt32());
        Assert.Equal(0xDF11, r.GetProperty("productId").GetInt32());
        Assert.Equal("STMicroelectronics", r.GetProperty("manufacturerName").GetString());
        Assert.Equal("STM32  BOOTLOADER", r.GetProperty("productName").GetString());
        Assert.Equal("3061B4493536", r.GetProperty("serialNumber").GetString());

        JsonElement configuration = Assert.Single(r.GetProperty("configurations").EnumerateArray());
        Assert.Equal(1, configuration.GetProperty("configurationValue").GetInt32());
        JsonElement intf = Assert.Single(configuration.GetProperty("interfaces").EnumerateArray());
        Assert.Equal(0, intf.GetProperty("interfaceNumber").GetInt32());
        JsonElement[] alternates = intf.GetProperty("alternates").EnumerateArray().ToArray();
        Assert.Equal([0, 1, 2, 3], alternates.Select(a => a.GetProperty("alternateSetting").GetInt32()));
        Assert.All(alternates, a =>
        {
            Assert.Equal(0xFE, a.GetProperty("interfaceClass").GetInt32());
            Assert.Equal(0x01, a.GetProperty("interfaceSubclass").GetInt32());
            Assert.Equal(0x02, a.GetProperty("interfaceProtocol").GetInt32());
        });
        Assert.Equal("@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg", alternates[0].GetProperty("interfaceName").GetString());
        Assert.Equal("@Device Feature/0xFFFF0000/01*004 e", alternates[3].GetProperty("interfaceName").GetString());

        Assert.Equal("InvalidStateError", r.GetProperty("beforeOpen").GetProperty("error").GetProperty("name").GetString());
        Assert.True(r.GetProperty("opened").GetBoolean());
        Assert.Equal("InvalidStateError", r.GetProperty("beforeClaim").GetProperty("error").GetProperty("name").GetString());
        Assert.Equal(1, r.GetProperty("alternateAfterSelect").GetInt32());
        Assert.Equal(1, device.AlternateSettings[0]);

        Assert.Equal("ok", r.GetProperty("outResult").GetProperty("status").GetString());
        Assert.Equal(5, r.GetProperty("outResult").GetProperty("bytesWritten").GetInt32());
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, device.Stored);
        Assert.Equal((ushort)2, device.LastStoreSetup!.Value.Value);
        Assert.Equal((byte)0x21, device.LastStoreSetup!.Value.RequestType);

        JsonElement read = r.GetProperty("inResult");
        Assert.Equal("ok", read.GetProperty("status").GetString());
        Assert.Equal("0102030405", read.GetProperty("hex").GetString());
        Assert.Equal(0, read.GetProperty("byteOffset").GetInt32());
        Assert.Equal(5, read.GetProperty("bufferLength").GetInt32());

        Assert.Equal("stall", r.GetProperty("stallResult").GetProperty("status").GetString());
        Assert.False(r.GetProperty("stallResult").GetProperty("hasData").GetBoolean());

        Assert.Equal("ok", r.GetProperty("leave").GetProperty("value").GetString());
        Assert.False(device.IsConnected);
        JsonElement gone = r.GetProperty("afterGone").GetProperty("error");
        Assert.Equal("NotFoundError", gone.GetProperty("name").GetString());
        Assert.Equal("The device was disconnected.", gone.GetProperty("message").GetString());
        Assert.Equal("NotFoundError", r.GetProperty("resetAfterGone").GetProperty("error").GetProperty("name").GetString());
    }
}
