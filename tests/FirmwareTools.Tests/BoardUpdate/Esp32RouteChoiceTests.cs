using FirmwareTools.Protocols;
using FirmwareTools.Protocols.BoardUpdate;
using FirmwareTools.Simulators.Lab;
using Xunit;

namespace FirmwareTools.Tests.BoardUpdate;

/// <summary>
/// Which ESP32 route a board takes, from its chip (read over the REPL) and its port's USB ids in the listing
/// (docs/protocols/board-update.md §3.3-§3.5): a USB-UART bridge's ids are the bridge route on any chip, 303A:1001 the
/// USB-Serial/JTAG, any other id on an S2 or S3 native USB (whatever the vendor), and an unknown id on a chip without USB
/// OTG a bridge the module does not know. Planning reads the board and touches nothing.
/// </summary>
public class Esp32RouteChoiceTests
{
    public static TheoryData<string, ushort, ushort, Type> Routes => new()
    {
        { "S3", 0x1A86, 0x7523, typeof(Esp32BridgeRoute) },   // a CH340 on the S3's UART0
        { "S3", 0x1A86, 0x55D3, typeof(Esp32BridgeRoute) },   // a CH343, as on newer DevKitC-1 boards
        { "S3", 0x10C4, 0xEA60, typeof(Esp32BridgeRoute) },   // a CP210x
        { "S2", 0x0403, 0x6001, typeof(Esp32BridgeRoute) },   // an FTDI FT232R
        { "S3", 0x303A, 0x4001, typeof(Esp32NativeUsbRoute) }, // TinyUSB's default
        { "S3", 0x239A, 0x811B, typeof(Esp32NativeUsbRoute) }, // a board that sets Adafruit's vendor id in TinyUSB
        { "S3", 0x2341, 0x056B, typeof(Esp32NativeUsbRoute) }, // the Arduino Nano ESP32's own ids
        { "S2", 0x239A, 0x80A6, typeof(Esp32NativeUsbRoute) },
        { "S3", 0x303A, 0x1001, typeof(Esp32UsbSerialJtagRoute) }, // an S3 build that talks over its USB-Serial/JTAG
        { "C3", 0x303A, 0x1001, typeof(Esp32UsbSerialJtagRoute) },
        { "C3", 0x1234, 0x5678, typeof(Esp32BridgeRoute) },  // no USB OTG: an unknown id is a bridge we do not know
        { "C3", 0x1A86, 0x55D4, typeof(Esp32BridgeRoute) },  // a CH9102
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public void The_route_follows_the_chip_and_the_ports_usb_ids(string chip, ushort vendorId, ushort productId, Type route)
    {
        using var bench = new LabBench();
        var settings = new LabBoardSettings { TimeScale = 0, ApplicationUsbId = (vendorId, productId) };
        LabBoard board = chip switch
        {
            "S3" => bench.Lab.AddEsp32S3("1.22.2", settings),
            "S2" => bench.Lab.AddEsp32S2("1.22.2", settings),
            _ => bench.Lab.AddEsp32C3("1.22.2", settings),
        };

        BoardUpdatePlan plan = bench.Plan(board.PortName, bench.Request());

        Assert.Equal("ESP32_GENERIC_" + chip, plan.Identity.Board);
        Assert.IsType(route, plan.Route);
        Assert.Equal(0, board.BootloaderEntries);
    }

    [Theory]
    [InlineData(LabBoardKind.Esp32S3, 0x1A86, 0x7523)] // an S3 DevKit's CH340
    [InlineData(LabBoardKind.Esp32C3, 0x1234, 0x5678)] // a C3 behind a bridge whose ids the module does not know
    public void A_chip_behind_a_bridge_is_updated_through_dtr_and_rts_on_the_same_port(LabBoardKind kind, ushort vendorId, ushort productId)
    {
        using var bench = new LabBench();
        LabEsp32 board = bench.Lab.AddEsp32OnBridge(kind, "1.22.2", new LabBoardSettings { TimeScale = 0, ApplicationUsbId = (vendorId, productId) });

        (BoardUpdateResult? result, FirmwareToolsException? error, BoardUpdateContext context) = bench.Update(board.PortName, bench.Request());

        Assert.Null(error);
        Assert.IsType<Esp32BridgeRoute>(context.Plan.Route);
        Assert.Equal((LabFirmware.BoardId(kind), "v1.22.2", "v1.24.1", BoardUpdateAction.Updated), (result!.Board, result.Before, result.After, result.Action));
        Assert.Equal(board.UniqueIdHex, result.UniqueId);
        Assert.Equal("v1.24.1", board.RunningVersion);
        Assert.Equal(0, board.BootloaderEntries); // the DTR/RTS download reset, never machine.bootloader()
        Assert.Equal(board.PortName, result.CurrentPort); // a bridge's port keeps its name
        byte[] image = LabFirmware.Build(kind, "1.24.1", VirtualLab.DateOf("1.24.1"));
        Assert.Equal(image, board.Board.Flash.Contents[..image.Length]); // the S3's and C3's image at 0x0, not the ESP32's 0x1000
    }

    [Fact]
    public void Espressifs_vendor_id_with_another_product_on_a_c3_is_neither_route_and_is_refused_before_anything_is_touched()
    {
        using var bench = new LabBench();
        LabEsp32C3 board = bench.Lab.AddEsp32C3("1.22.2", new LabBoardSettings { TimeScale = 0, ApplicationUsbId = (0x303A, 0x4001) });

        FirmwareToolsException error = Assert.ThrowsAny<FirmwareToolsException>(() => bench.Plan(board.PortName, bench.Request()));

        Assert.Equal("UpdateFamilyNotSupported", error.ErrorId);
        Assert.Contains("Espressif USB device 303a:4001", error.Message, StringComparison.Ordinal);
        Assert.Empty(board.Board.Commands);
    }
}
