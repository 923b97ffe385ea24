using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;
using FirmwareTools.Simulators.Usb;
using FirmwareTools.TestImages;
using FirmwareTools.Tests.Common;
using Xunit;

namespace FirmwareTools.Tests.Esp32;

/// <summary>
/// The three connections of issue 17 item 2 (docs/protocols/esp32-family.md §3) end to end against the virtual board on
/// its own USB port: the USB-Serial/JTAG (line table, core reset, the RTC watchdog) and the ROM's OTG CDC (watchdog reset,
/// re-enumeration), found by Get-SerialPort's listing of a fake sysfs. The boards are virtual ESP32-C3s and ESP32-S3s whose
/// RTC watchdog registers are their chip's; the requests never name a watchdog, so the client must take the one of the
/// chip it detected (Esp32ChipTarget.RtcWatchdog). TimeScale 0 throughout.
/// </summary>
public sealed class Esp32UsbConnectionTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("esp32-usb-").FullName;
    private readonly FakeUsbSerialSysfs sysfs = new();
    private readonly List<IDisposable> owned = [];
    private readonly Dictionary<VirtualEsp32UsbHost, VirtualEsp32Board> boards = [];

    public void Dispose()
    {
        foreach (IDisposable d in owned)
        {
            d.Dispose();
        }

        sysfs.Dispose();
        Directory.Delete(dir, true);
    }

    private IReadOnlyList<SerialPortInfo> Listing() => new LinuxSerialPortReader(sysfs.Root).Read();

    private (VirtualEsp32Board Board, VirtualEsp32UsbHost Host) Plug(VirtualEsp32Settings settings, string location = "1-1.3", int firstNumber = 0)
    {
        var board = new VirtualEsp32Board(settings);
        var host = new VirtualEsp32UsbHost(board, sysfs, location, firstNumber);
        owned.Add(host);
        owned.Add(board);
        boards[host] = board;
        return (board, host);
    }

    /// <summary>A USJ board (an ESP32-C3 unless said) running MicroPython whose application armed the RTC watchdog.</summary>
    private static VirtualEsp32Settings Usj(VirtualEsp32ChipKind chip = VirtualEsp32ChipKind.Esp32C3) => VirtualEsp32Settings.ForChip(chip, new()
    {
        TimeScale = 0,
        Link = VirtualEsp32Link.UsbSerialJtag,
        ReplMode = true,
        FirstSyncLost = false,
        RtcWatchdogArmed = true,
        RtcWatchdogPeriod = TimeSpan.FromMilliseconds(100), // 10 sectors of modelled erase time
        ReenumerateDelay = TimeSpan.Zero,
    });

    /// <summary>An ESP32-S3 whose ROM came up on its OTG CDC (303A:0009).</summary>
    private static VirtualEsp32Settings Otg() => VirtualEsp32Settings.ForChip(VirtualEsp32ChipKind.Esp32S3, new()
    {
        TimeScale = 0,
        Link = VirtualEsp32Link.UsbOtg,
        StartInDownloadMode = true,
        FirstSyncLost = false,
        ReenumerateDelay = TimeSpan.Zero,
    });

    /// <summary>An application image built for the board's chip (its header's chip id: 0 ESP32, 9 S3, 5 C3).</summary>
    private string App(VirtualEsp32Board board)
    {
        int chipId = board.Chip is VirtualEsp32LaterChip later ? (int)later.ChipId : 0;
        string path = Path.Combine(dir, $"app-{chipId}.bin");
        File.WriteAllBytes(path, Esp32TestImage.FirmwareLike(chipId, segmentLengths: [120_000, 3], seed: 21));
        return path;
    }

    private Esp32InstallRequest Request(VirtualEsp32UsbHost host)
    {
        SerialPortInfo listed = Esp32Installer.ListingOf(host.PortName!, Listing())!;
        return new Esp32InstallRequest
        {
            Port = listed.Port,
            Regions = [new Esp32Region(0x10000, App(boards[host]))],
            PortUsbId = Esp32Installer.UsbIdOf(listed.Port, Listing()),
            PortIdentity = listed,
            ReenumerationTimeout = TimeSpan.FromMilliseconds(500),
            Timeouts = Esp32RomClientTests.TestTimeouts,
            ConnectAttempts = 2,
        };
    }

    private Esp32InstallResult Install(VirtualEsp32UsbHost host, Esp32InstallRequest request, List<string>? log = null, CancellationToken token = default) =>
        Esp32Installer.Install(Esp32Installer.Prepare(request), new Esp32PortAccess((name, _) => host.Open(name), Listing), null, (level, message) => log?.Add($"{level}: {message}"), token);

    private static void AssertLanded(VirtualEsp32Board board, Esp32InstallRequest request)
    {
        byte[] bytes = File.ReadAllBytes(request.Regions[0].Path);
        Assert.Equal(bytes, board.Flash.Contents.AsSpan((int)request.Regions[0].Offset, bytes.Length).ToArray());
    }

    [Fact]
    public void The_fake_sysfs_shows_the_usj_port_with_espressifs_ids_and_the_mac_as_serial_number()
    {
        (_, VirtualEsp32UsbHost host) = Plug(Usj());
        SerialPortInfo port = Assert.Single(Listing());
        Assert.Equal("/dev/ttyACM0", port.Port);
        Assert.Equal("303a:1001", port.Id);
        Assert.Equal("60:55:F9:01:02:03", port.SerialNumber);
        Assert.Equal("USB JTAG/serial debug unit", port.Product);
        Assert.Equal(Esp32Connection.UsbSerialJtag, Esp32Connections.FromUsbId(Esp32Installer.UsbIdOf(host.PortName!, Listing())));
    }

    [Fact]
    public void Usj_micropython_answering_is_reset_into_the_rom_the_watchdog_is_disabled_and_the_result_names_the_connection()
    {
        (VirtualEsp32Board board, VirtualEsp32UsbHost host) = Plug(Usj());
        Assert.Equal(Esp32BoardState.RunApp, board.State);
        Esp32InstallRequest request = Request(host);
        var log = new List<string>();

        Esp32InstallResult result = Install(host, request, log);

        AssertLanded(board, request);
        Assert.True(result.Verified);
        Assert.Equal(Esp32Connection.UsbSerialJtag, result.Connection);
        Assert.False(board.RtcWatchdogEnabled);
        Assert.True(board.SuperWatchdogAutoFeed);
        Assert.Equal(0, board.RtcWatchdogResets);
        Assert.True(board.CoreResets >= 2); // into the loader, then -After HardReset
        // The baud value is nominal on USB: no CHANGE_BAUDRATE (docs/protocols/esp32-family.md §5).
        Assert.DoesNotContain(Esp32RomOpcode.CHANGE_BAUDRATE, board.ReceivedOpcodes);
        Assert.Contains(log, l => l.Contains("USBJTAGSerialReset", StringComparison.Ordinal));
        Assert.True(board.WaitForState(Esp32BoardState.RunApp, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Usj_c3_with_its_watchdog_armed_installs_without_a_watchdog_reset_taking_the_watchdog_of_the_detected_chip()
    {
        (VirtualEsp32Board board, VirtualEsp32UsbHost host) = Plug(Usj());
        Esp32InstallRequest request = Request(host);
        Assert.Null(request.RtcWatchdog);

        Esp32InstallResult result = Install(host, request);

        Assert.StartsWith("ESP32-C3", result.Chip, StringComparison.Ordinal);
        AssertLanded(board, request);
        Assert.True(result.Verified);
        Assert.Equal(VirtualRtcWatchdogRegisters.C3, board.WatchdogRegisters);
        Assert.False(board.RtcWatchdogEnabled);
        Assert.True(board.SuperWatchdogAutoFeed);
        Assert.Equal(0, board.RtcWatchdogResets);
    }

    [Fact]
    public void Usj_s3_with_its_watchdog_armed_and_force_download_boot_set_installs_and_leaves_into_its_firmware()
    {
        // The S3's watchdog is at other addresses than the C3's: disabling the C3's would leave it running. And
        // machine.bootloader() left FORCE_DOWNLOAD_BOOT set: the client clears it before its reset (§2.6), or the
        // USJ reset after the write lands in the loader again.
        (VirtualEsp32Board board, VirtualEsp32UsbHost host) = Plug(Usj(VirtualEsp32ChipKind.Esp32S3));
        Assert.True(board.SetForceDownloadBoot());
        Esp32InstallRequest request = Request(host);

        Esp32InstallResult result = Install(host, request);

        Assert.StartsWith("ESP32-S3", result.Chip, StringComparison.Ordinal);
        Assert.Equal(Esp32Connection.UsbSerialJtag, result.Connection);
        AssertLanded(board, request);
        Assert.Equal(VirtualRtcWatchdogRegisters.S3, board.WatchdogRegisters);
        Assert.False(board.RtcWatchdogEnabled);
        Assert.True(board.SuperWatchdogAutoFeed);
        Assert.Equal(0, board.RtcWatchdogResets);
        Assert.False(board.ForceDownloadBootSet);
        Assert.Equal(Esp32RomOpcode.WRITE_REG, board.ReceivedOpcodes[^1]); // the clear, last before the reset
        Assert.True(board.WaitForState(Esp32BoardState.RunApp, TimeSpan.FromSeconds(30)), "the reset started the firmware");
    }

    [Fact]
    public void Otg_s3_with_force_download_boot_set_clears_it_before_its_watchdog_reset_and_is_followed_to_its_new_port()
    {
        (VirtualEsp32Board board, VirtualEsp32UsbHost host) = Plug(Otg());
        Assert.True(board.SetForceDownloadBoot());
        Esp32InstallRequest request = Request(host);

        Esp32InstallResult result = Install(host, request);

        AssertLanded(board, request);
        Assert.Equal(Esp32Connection.UsbOtg, result.Connection);
        Assert.Equal("/dev/ttyACM1", result.PortAfterReset);
        Assert.False(board.ForceDownloadBootSet);
        Assert.Equal(0, board.RtcWatchdogResets);
        Assert.Equal(Esp32BoardState.RunApp, board.State);
        Assert.Equal("303a:4001", Assert.Single(Listing()).Id);
    }

    [Fact]
    public void Usj_reset_that_clears_the_latch_before_the_rom_reads_it_boots_the_application()
    {
        // VirtualEsp32Settings.UsjLatchSampleDelay [U]: a client that dropped Esp32Timeouts.UsjResetHold releases the
        // lines right after the core reset, the latch is clear when the ROM reads it, and MicroPython starts again.
        (VirtualEsp32Board board, VirtualEsp32UsbHost host) = Plug(Usj() with { RtcWatchdogArmed = false, UsjLatchSampleDelay = TimeSpan.FromSeconds(1) });
        int boots = board.BootCount;
        using ISerialPort port = host.Open(host.PortName!);

        Esp32ResetStrategy.UsbJtagSerialReset(new Esp32Timeouts { UsjResetHold = TimeSpan.Zero }).Run(port, CancellationToken.None);

        Assert.True(board.WaitForState(Esp32BoardState.RunApp, TimeSpan.FromSeconds(30)));
        Assert.Equal(1, board.CoreResets);
        Assert.Equal(boots + 1, board.BootCount);
    }

    [Fact]
    public void Usj_reset_that_holds_the_reset_state_past_the_roms_latch_read_lands_in_the_loader()
    {
        // The product's hold (100 ms) against a ROM that reads the latch 50 ms after the reset; the settle waits are 0.
        (VirtualEsp32Board board, VirtualEsp32UsbHost host) = Plug(Usj() with { RtcWatchdogArmed = false, UsjLatchSampleDelay = TimeSpan.FromMilliseconds(50) });
        using ISerialPort port = host.Open(host.PortName!);
        Assert.Equal(TimeSpan.Zero, Esp32Timeouts.Esptool.UsjLatchSettle);

        Esp32ResetStrategy.UsbJtagSerialReset(Esp32Timeouts.Esptool).Run(port, CancellationToken.None);

        Assert.True(board.WaitForState(Esp32BoardState.RomDownload, TimeSpan.FromSeconds(30)));
        Assert.Equal(1, board.CoreResets);
    }

    [Fact]
    public void Usj_watchdog_left_running_fires_mid_flash_and_the_simulator_shows_it()
    {
        // An original ESP32 on a USJ link (no real board; the C3's watchdog registers): no watchdog is known for the chip
        // the client detects, so it cannot disable it.
        (VirtualEsp32Board board, VirtualEsp32UsbHost host) = Plug(Usj() with { Chip = VirtualEsp32ChipKind.Esp32 });
        var log = new List<string>();
        Exception e = Assert.ThrowsAny<Exception>(() => Install(host, Request(host), log));

        Assert.IsNotType<FirmwareError>(e);
        Assert.True(board.RtcWatchdogResets >= 1);
        Assert.Contains(log, l => l.Contains("no RTC watchdog is known", StringComparison.Ordinal));
    }

    [Fact]
    public void Usj_port_that_re_enumerates_on_the_reset_is_found_again_by_its_serial_number()
    {
        VirtualEsp32Settings settings = Usj() with { UsjPortDropsOnReset = true };
        (VirtualEsp32Board board, VirtualEsp32UsbHost host) = Plug(settings);
        Esp32InstallRequest request = Request(host) with { After = Esp32AfterMode.NoReset };
        var log = new List<string>();

        Esp32InstallResult result = Install(host, request, log);

        Assert.Equal("/dev/ttyACM1", result.Port);
        Assert.Equal(["/dev/ttyACM0", "/dev/ttyACM1"], host.PortNames);
        AssertLanded(board, request);
        Assert.Contains(log, l => l.Contains("The board is back on /dev/ttyACM1", StringComparison.Ordinal));
    }

    [Fact]
    public void Usj_port_that_re_enumerates_and_does_not_come_back_is_an_error_that_says_so()
    {
        VirtualEsp32Settings settings = Usj() with { UsjPortDropsOnReset = true, PortComesBackAfterReset = false };
        (VirtualEsp32Board board, VirtualEsp32UsbHost host) = Plug(settings);

        FirmwareError e = Catalogued.Throws("Esp32BoardNotBack", () => Install(host, Request(host)));

        Assert.Contains("60:55:F9:01:02:03", e.Message, StringComparison.Ordinal);
        Assert.Contains("/dev/ttyACM0", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, board.Flash.Writes);
    }

    [Fact]
    public void Otg_rom_port_connects_without_a_line_reset_and_leaves_by_watchdog_reset_to_a_new_port_name()
    {
        (VirtualEsp32Board board, VirtualEsp32UsbHost host) = Plug(Otg());
        Assert.Equal("303a:0009", Assert.Single(Listing()).Id);
        Esp32InstallRequest request = Request(host);

        Esp32InstallResult result = Install(host, request);

        AssertLanded(board, request);
        Assert.Equal(Esp32Connection.UsbOtg, result.Connection);
        Assert.Equal("/dev/ttyACM0", result.Port);
        Assert.Equal("/dev/ttyACM1", result.PortAfterReset);
        Assert.Equal(0, board.RtcWatchdogResets); // the reset was asked for, not a watchdog left running
        Assert.Equal(Esp32BoardState.RunApp, board.State);
        SerialPortInfo after = Assert.Single(Listing());
        Assert.Equal("303a:4001", after.Id); // MicroPython's TinyUSB port now
    }

    [Fact]
    public void Otg_with_two_boards_of_the_same_usb_ids_follows_the_one_it_flashed_by_serial_number()
    {
        (VirtualEsp32Board first, VirtualEsp32UsbHost firstHost) = Plug(Otg(), "1-1.3", firstNumber: 0);
        (_, VirtualEsp32UsbHost secondHost) = Plug(Otg() with { Mac = [0x60, 0x55, 0xF9, 0x0A, 0x0B, 0x0C] }, "1-1.4", firstNumber: 4);
        Assert.Equal(2, Listing().Count(p => p.Id == "303a:0009"));
        Esp32InstallRequest request = Request(firstHost);

        Esp32InstallResult result = Install(firstHost, request);

        Assert.Equal("/dev/ttyACM1", result.PortAfterReset);
        Assert.Equal("/dev/ttyACM4", secondHost.PortName);
        AssertLanded(first, request);
    }

    [Fact]
    public void Otg_board_that_does_not_come_back_after_the_final_reset_is_a_warning_with_the_write_done()
    {
        (VirtualEsp32Board board, VirtualEsp32UsbHost host) = Plug(Otg() with { PortComesBackAfterReset = false });
        var log = new List<string>();

        Esp32InstallResult result = Install(host, Request(host), log);

        Assert.True(result.Verified);
        Assert.Null(result.PortAfterReset);
        Assert.Contains(log, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("did not come back", StringComparison.Ordinal));
        Assert.Empty(Listing());
        Assert.Equal(Esp32BoardState.RunApp, board.State);
    }

    [Theory]
    [InlineData(VirtualEsp32Link.UsbUartBridge)]
    [InlineData(VirtualEsp32Link.UsbSerialJtag)]
    [InlineData(VirtualEsp32Link.UsbOtg)]
    public void Ctrl_c_mid_write_stops_the_install_on_every_connection(VirtualEsp32Link link)
    {
        VirtualEsp32Settings settings = (link == VirtualEsp32Link.UsbOtg ? Otg() : Usj()) with { Link = link, RtcWatchdogArmed = false };
        (VirtualEsp32Board board, VirtualEsp32UsbHost host) = Plug(settings);
        using var cts = new CancellationTokenSource();
        board.BeforeFlashData = seq =>
        {
            if (seq == 2)
            {
                cts.Cancel();
            }
        };
        Esp32InstallRequest request = Request(host);

        Assert.ThrowsAny<OperationCanceledException>(() => Install(host, request, token: cts.Token));
        Assert.True(board.Flash.Writes >= 1);
    }
}
