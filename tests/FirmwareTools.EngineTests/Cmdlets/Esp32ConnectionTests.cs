using System.Management.Automation;
using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>
/// Install-Esp32Firmware -Connection in the real engine (issue 17 item 2, docs/protocols/esp32-family.md §3): a virtual
/// board on its USB-Serial/JTAG or on the ROM's USB-OTG CDC, served as rfc2217:// (a TCP port has no USB ids, so the
/// cmdlet is told the connection, as esptool must be), and Ctrl+C on each connection kind.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class Esp32ConnectionTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly PowerShellSession ps = new();
    private readonly byte[] firmware = Esp32InstallTests.Image(64 * 1024 - 0x1000, seed: 9, trailer: 0x1000);
    private readonly List<IDisposable> owned = [];

    public Esp32ConnectionTests() => File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "ESP32_GENERIC-usb.bin"), firmware);

    public void Dispose()
    {
        ps.Dispose();
        foreach (IDisposable d in owned)
        {
            d.Dispose();
        }
    }

    private VirtualEsp32Server Serve(VirtualEsp32Link link)
    {
        VirtualEsp32Settings settings = VirtualEsp32Server.ServedSettings(timeScale: 0) with
        {
            Link = link,
            FirstSyncLost = false,
            // On the USJ MicroPython runs until the client resets the chip into its loader; the OTG port is the ROM's own.
            StartInDownloadMode = link == VirtualEsp32Link.UsbOtg,
            ReplMode = link == VirtualEsp32Link.UsbSerialJtag,
        };
        var board = new VirtualEsp32Board(settings);
        var server = new VirtualEsp32Server(board, SerialTcpServerMode.Rfc2217);
        owned.Add(server);
        owned.Add(board);
        ps.SetVariable("url", server.Url);
        return server;
    }

    /// <summary>The data row of a result's table view at 80 columns.</summary>
    private string Row(string variable)
    {
        string row = ps.Render(variable).Split('\n').Select(l => l.TrimEnd('\r')).First(l => l.StartsWith("ESP32", StringComparison.Ordinal));
        Assert.True(row.Length <= 80, row);
        return row;
    }

    private bool Landed(VirtualEsp32Board board) => firmware.AsSpan().SequenceEqual(board.Flash.Contents.AsSpan(0x1000, firmware.Length));

    [Fact]
    public void A_micropython_board_on_its_usb_serial_jtag_is_reset_into_the_rom_flashed_and_the_view_says_USJ()
    {
        VirtualEsp32Server server = Serve(VirtualEsp32Link.UsbSerialJtag);
        Assert.Equal(Esp32BoardState.RunApp, server.Board.State);

        ScriptResult r = ps.Run("$r = Install-Esp32Firmware -Port $url -Path ./ESP32_GENERIC-usb.bin -Connection UsbSerialJtag -Confirm:$false; $r").AssertSucceeded();

        Esp32InstallResult result = Assert.Single(r.Objects<Esp32InstallResult>());
        Assert.Equal(Esp32Connection.UsbSerialJtag, result.Connection);
        Assert.True(result.Verified);
        Assert.True(Landed(server.Board));
        Assert.True(server.Board.CoreResets >= 1);
        Assert.DoesNotContain(Esp32RomOpcode.CHANGE_BAUDRATE, server.Board.ReceivedOpcodes);
        // The 80-column view keeps a network address whole (the connection is in the property).
        Assert.EndsWith(server.Url, Row("$r"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_esp32_c3_on_its_usb_serial_jtag_with_its_watchdog_armed_is_flashed_and_the_cmdlet_disables_the_c3s_watchdog()
    {
        // The cmdlet is given no watchdog: it must take the one of the chip it detects (docs/protocols/esp32-family.md §3.4).
        byte[] c3Image = (byte[])firmware.Clone();
        c3Image[12] = 5; // the header's chip id: ESP32-C3
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "ESP32_GENERIC_C3-usb.bin"), c3Image);
        VirtualEsp32Settings settings = VirtualEsp32Settings.ForChip(VirtualEsp32ChipKind.Esp32C3, VirtualEsp32Server.ServedSettings(timeScale: 0) with
        {
            Link = VirtualEsp32Link.UsbSerialJtag,
            FirstSyncLost = false,
            StartInDownloadMode = false,
            ReplMode = true,
            RtcWatchdogArmed = true,
            RtcWatchdogPeriod = TimeSpan.FromMilliseconds(100), // 10 sectors of modelled erase time: the image needs 16
        });
        var board = new VirtualEsp32Board(settings);
        var server = new VirtualEsp32Server(board, SerialTcpServerMode.Rfc2217);
        owned.Add(server);
        owned.Add(board);
        ps.SetVariable("url", server.Url);

        ScriptResult r = ps.Run("Install-Esp32Firmware -Port $url -Path ./ESP32_GENERIC_C3-usb.bin -Connection UsbSerialJtag -Confirm:$false").AssertSucceeded();

        Esp32InstallResult result = Assert.Single(r.Objects<Esp32InstallResult>());
        Assert.StartsWith("ESP32-C3", result.Chip, StringComparison.Ordinal);
        Assert.Equal(Esp32Connection.UsbSerialJtag, result.Connection);
        Assert.True(result.Verified);
        Assert.True(c3Image.AsSpan().SequenceEqual(board.Flash.Contents.AsSpan(0, c3Image.Length)), "a C3's merged image goes to 0x0");
        Assert.Equal(0, board.RtcWatchdogResets);
        Assert.False(board.RtcWatchdogEnabled);
        Assert.True(board.SuperWatchdogAutoFeed);
    }

    [Fact]
    public void The_view_names_the_usb_connection_before_a_device_port_and_the_new_name_of_a_re_enumerated_otg_port()
    {
        ps.Run("""
            $usj = [FirmwareTools.Protocols.Esp32Board.Esp32InstallResult]::new('/dev/ttyACM0', 'ESP32-C3 (revision v0.4)', '60:55:f9:01:02:03', 4MB, 115200, $null, $true, [timespan]::Zero)
            $usj.Connection = 'UsbSerialJtag'
            $otg = [FirmwareTools.Protocols.Esp32Board.Esp32InstallResult]::new('/dev/ttyACM0', 'ESP32-S3 (revision v0.2)', '60:55:f9:01:02:03', 4MB, 115200, $null, $true, [timespan]::Zero)
            $otg.Connection = 'UsbOtg'
            $otg.PortAfterReset = '/dev/ttyACM1'
            """).AssertSucceeded();

        Assert.EndsWith("USJ /dev/ttyACM0", Row("$usj"), StringComparison.Ordinal);
        Assert.EndsWith("OTG -> /dev/ttyACM1", Row("$otg"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_roms_otg_port_is_flashed_without_touching_the_reset_lines()
    {
        VirtualEsp32Server server = Serve(VirtualEsp32Link.UsbOtg);

        ScriptResult r = ps.Run("Install-Esp32Firmware -Port $url -Path ./ESP32_GENERIC-usb.bin -Connection UsbOtg -Confirm:$false").AssertSucceeded();

        Esp32InstallResult result = Assert.Single(r.Objects<Esp32InstallResult>());
        Assert.Equal(Esp32Connection.UsbOtg, result.Connection);
        Assert.True(Landed(server.Board));
        Assert.Equal(0, server.Board.EnLowCount);
        Assert.Equal(0, server.Board.CoreResets);
        Assert.Empty(server.Board.ModemLineLog); // not even when the port was opened
    }

    [Theory]
    [InlineData(VirtualEsp32Link.UsbSerialJtag, "UsbSerialJtag")]
    [InlineData(VirtualEsp32Link.UsbOtg, "UsbOtg")]
    public async Task Ctrl_c_mid_write_stops_the_pipeline_on_each_usb_connection(VirtualEsp32Link link, string connection)
    {
        VirtualEsp32Server server = Serve(link);
        using TransferGate gate = TransferGate.FlashData(server.Board, afterBlocks: 1);
        using RunningScript running = ps.Begin($"Install-Esp32Firmware -Port $url -Path ./ESP32_GENERIC-usb.bin -Connection {connection} -Confirm:$false");

        ScriptResult r = await running.StopWhileHeld([gate], Limit);

        Assert.Equal(PSInvocationState.Stopped, running.State);
        Assert.Empty(r.Objects<Esp32InstallResult>());
        Assert.DoesNotContain(server.Board.Commands, c => c.Opcode == Esp32RomOpcode.SPI_FLASH_MD5);
    }
}
