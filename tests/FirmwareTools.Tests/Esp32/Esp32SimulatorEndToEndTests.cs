using FirmwareTools.Tests.Common;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;
using FirmwareTools.TestImages;
using Xunit;
using Esp32RomError = FirmwareTools.Protocols.Esp32.Esp32RomError;

namespace FirmwareTools.Tests.Esp32;

/// <summary>
/// Esp32Installer and Esp32RomClient end to end against the simulators' virtual ESP32 (feat/esp32-sim) over the
/// in-process serial link: reset strategies, detection, flash size, deflated writes, MD5, baud switch and fallback, the
/// after-reset, and every fault issue 7 lists. TimeScale 0: the timing model is off, so nothing here depends on speed.
/// </summary>
public sealed class Esp32SimulatorEndToEndTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("esp32-e2e-").FullName;
    private readonly List<VirtualSerialLink> links = [];

    public void Dispose()
    {
        foreach (VirtualSerialLink link in links)
        {
            link.Host.Dispose();
        }

        Directory.Delete(dir, true);
    }

    private static VirtualEsp32Board Board(Action<VirtualEsp32Settings>? configure = null)
    {
        var settings = new VirtualEsp32Settings { TimeScale = 0 };
        configure?.Invoke(settings);
        return new VirtualEsp32Board(settings);
    }

    private ISerialPort Open(VirtualEsp32Board board)
    {
        var link = new VirtualSerialLink("COM9");
        links.Add(link);
        board.Attach(link);
        return link.Host;
    }

    private string File(string name, byte[] bytes)
    {
        string path = Path.Combine(dir, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    private Esp32InstallRequest WiPyJob(Esp32BeforeMode before = Esp32BeforeMode.DefaultReset) => new()
    {
        Port = "COM9",
        Regions =
        [
            new Esp32Region(0x1000, File("bootloader.bin", Esp32TestImage.FirmwareLike(segmentLengths: [0x1800, 0x1400], seed: 11))),
            new Esp32Region(0x8000, File("partitions.bin", Esp32TestImage.PartitionTable(md5Entry: false))),
            new Esp32Region(0x10000, File("wipy.bin", Esp32TestImage.FirmwareLike(segmentLengths: [90_000, 40_000, 3], seed: 12))),
        ],
        Before = before,
        Timeouts = Esp32RomClientTests.TestTimeouts,
        ConnectAttempts = 4,
    };

    private Esp32InstallResult Install(VirtualEsp32Board board, Esp32InstallRequest request, List<string>? log = null, IProgress<OperationProgress>? progress = null, CancellationToken token = default) =>
        Esp32Installer.Install(Esp32Installer.Prepare(request), (_, _) => Open(board), progress, (level, message) => log?.Add($"{level}: {message}"), token);

    private static void AssertLanded(VirtualEsp32Board board, Esp32InstallRequest request)
    {
        foreach (Esp32Region region in request.Regions)
        {
            byte[] bytes = System.IO.File.ReadAllBytes(region.Path);
            Assert.Equal(bytes, board.Flash.Contents.AsSpan((int)region.Offset, bytes.Length).ToArray());
        }
    }

    [Fact]
    public void Default_reset_flashes_a_wipy_shaped_job_verifies_it_and_boots_the_app()
    {
        using VirtualEsp32Board board = Board();
        Esp32InstallRequest request = WiPyJob();
        var log = new List<string>();
        KeepOpenPort? port = null;
        Esp32InstallResult result = Esp32Installer.Install(Esp32Installer.Prepare(request), (_, _) => port = new KeepOpenPort(Open(board)), null, (level, message) => log.Add(message));

        Assert.True(port!.Disposed);
        AssertLanded(board, request);
        Assert.Equal("ESP32-D0WDQ6 (revision v0.0)", result.Chip);
        Assert.Equal("30:ae:a4:00:86:68", result.Mac);
        Assert.Equal(4L * 1024 * 1024, result.FlashSize);
        Assert.Equal(921600, result.BaudRate);
        Assert.All(result.Regions, r => Assert.True(r.Verified));
        Assert.True(result.Reset);
        Assert.True(board.WaitForState(Esp32BoardState.RunApp, TimeSpan.FromSeconds(30)));
        Assert.Contains(log, l => l.Contains("Synced with the ROM loader"));
    }

    public static TheoryData<string> Strategies => new() { "UnixTightReset", "UnixTightResetExtended", "ClassicReset", "ClassicResetExtended" };

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Each_devkit_reset_strategy_reaches_the_rom_loader(string name)
    {
        using VirtualEsp32Board board = Board();
        Esp32ResetStrategy strategy = name switch
        {
            "UnixTightReset" => Esp32ResetStrategy.UnixTightReset(Esp32ResetStrategy.DefaultResetDelay),
            "UnixTightResetExtended" => Esp32ResetStrategy.UnixTightReset(Esp32ResetStrategy.ExtendedResetDelay),
            "ClassicReset" => Esp32ResetStrategy.ClassicReset(Esp32ResetStrategy.DefaultResetDelay),
            _ => Esp32ResetStrategy.ClassicReset(Esp32ResetStrategy.ExtendedResetDelay),
        };
        var client = new Esp32RomClient(Open(board), Esp32RomClientTests.TestTimeouts) { ConnectAttempts = 1, DefaultResetStrategies = [strategy] };
        client.Connect(Esp32BeforeMode.DefaultReset);
        Assert.Equal(Esp32BoardState.RomDownload, board.State);
        Assert.Same(strategy, client.ConnectedWith);
        Esp32ChipInfo chip = client.DetectChip();
        Assert.Equal("ESP32", chip.Chip);
        Assert.Equal(40, chip.CrystalMhz);
    }

    [Fact]
    public void NoReset_connects_to_a_board_strapped_by_the_jumper_and_stays_in_the_bootloader()
    {
        using VirtualEsp32Board board = Board(s =>
        {
            s.StrapJumperFitted = true;
            s.ModemLinesWired = false;
        });
        board.PressReset();
        Esp32InstallRequest request = WiPyJob(Esp32BeforeMode.NoReset) with { After = Esp32AfterMode.NoReset };
        Esp32InstallResult result = Install(board, request);
        AssertLanded(board, request);
        Assert.False(result.Reset);
        Assert.Equal(Esp32BoardState.RomDownload, board.State);
    }

    [Fact]
    public void Revision_and_a_16_MiB_flash_are_detected()
    {
        using VirtualEsp32Board board = Board(s =>
        {
            s.MajorRevision = 3;
            s.MinorRevision = 1;
            s.JedecId = 0x1840C8;
            s.FlashSize = 16 * 1024 * 1024;
        });
        Esp32InstallResult result = Install(board, WiPyJob());
        Assert.Equal("ESP32-D0WDQ6-V3 (revision v3.1)", result.Chip);
        Assert.Equal(16L * 1024 * 1024, result.FlashSize);
    }

    [Fact]
    public void Baud_switch_compensates_the_rom_clock_estimate()
    {
        // RTC calibration 1200 x CK_8M 80: the ROM believes its clock is 37.5 MHz, 6 % off, outside the UART's tolerance.
        using VirtualEsp32Board board = Board(s => s.RtcCaliValue = 1200);
        Esp32InstallResult result = Install(board, WiPyJob());
        Assert.Equal(921600, result.BaudRate);
        Assert.Equal(921600, board.BaudRate, tolerance: 921600 * 0.03);
    }

    [Fact]
    public void A_link_that_fails_at_the_high_baud_falls_back_to_the_connect_rate_and_still_verifies()
    {
        using VirtualEsp32Board board = Board();
        board.Faults.LinkFailsAboveBaud = 460800;
        Esp32InstallRequest request = WiPyJob();
        var log = new List<string>();
        Esp32InstallResult result = Install(board, request, log);
        Assert.Equal(115200, result.BaudRate);
        Assert.All(result.Regions, r => Assert.True(r.Verified));
        AssertLanded(board, request);
        Assert.Contains(log, l => l.StartsWith("Warning:") && l.Contains("falling back to 115200"));
    }

    [Fact]
    public void Noise_before_replies_is_skipped()
    {
        using VirtualEsp32Board board = Board();
        board.Faults.Noise = "\r\nets Jun  8 2016\r\n"u8.ToArray();
        board.Faults.NoiseReplyCount = 40;
        Esp32InstallRequest request = WiPyJob();
        Assert.All(Install(board, request).Regions, r => Assert.True(r.Verified));
        AssertLanded(board, request);
    }

    [Fact]
    public void A_dropped_and_a_corrupted_reply_are_retried()
    {
        using VirtualEsp32Board board = Board();
        board.Faults.DropReply = (Esp32RomOpcode.READ_REG, 3);
        board.Faults.CorruptReply = (Esp32RomOpcode.SPI_FLASH_MD5, 1);
        Esp32InstallRequest request = WiPyJob();
        Assert.All(Install(board, request).Regions, r => Assert.True(r.Verified));
    }

    [Fact]
    public void A_lost_flash_data_reply_restarts_the_region()
    {
        using VirtualEsp32Board board = Board();
        board.Faults.DropReply = (Esp32RomOpcode.FLASH_DEFL_DATA, 5);
        Esp32InstallRequest request = WiPyJob();
        var log = new List<string>();
        Assert.All(Install(board, request, log).Regions, r => Assert.True(r.Verified));
        AssertLanded(board, request);
        Assert.Contains(log, l => l.Contains("starting the region again"));
    }

    [Fact]
    public void Wrong_md5_is_an_error_never_success()
    {
        using VirtualEsp32Board board = Board();
        board.Faults.WrongMd5 = true;
        Catalogued.Throws("Esp32Md5Mismatch", () => Install(board, WiPyJob()));
    }

    [Fact]
    public void Write_protected_flash_is_caught()
    {
        using VirtualEsp32Board board = Board();
        board.Faults.FlashWriteProtected = true;
        var e = Assert.ThrowsAny<FirmwareToolsException>(() => Install(board, WiPyJob()));
        Assert.True(e is FirmwareError { ErrorId: "Esp32Md5Mismatch" } || (e is Esp32RomErrorException rom && rom.Code == (byte)Esp32RomError.FlashWriteError), e.Message);
    }

    [Fact]
    public void A_flash_write_error_is_reported_by_name()
    {
        using VirtualEsp32Board board = Board();
        board.Faults.FlashWriteError = true;
        var e = Assert.Throws<Esp32RomErrorException>(() => Install(board, WiPyJob()));
        Assert.Equal((byte)Esp32RomError.FlashWriteError, e.Code);
        Assert.Contains("FlashWriteError", e.Message);
        Assert.Contains("FLASH_DEFL_DATA", e.Message);
    }

    [Fact]
    public void A_board_running_micropython_is_reported_with_the_jumper_advice()
    {
        using VirtualEsp32Board board = Board(s =>
        {
            s.ReplMode = true;
            s.ModemLinesWired = false;
        });
        board.PressReset();
        Assert.True(board.WaitForState(Esp32BoardState.RunApp, TimeSpan.FromSeconds(30)));
        var e = Catalogued.Throws("Esp32RunsFirmware", () => Install(board, WiPyJob(Esp32BeforeMode.NoReset)));
        Assert.Contains("GPIO0/G23", e.RecommendedAction);
    }

    [Fact]
    public void A_strap_stuck_high_shows_the_flash_boot_mode()
    {
        using VirtualEsp32Board board = Board();
        board.Faults.StrapStuckHigh = true;
        var e = Assert.Throws<Esp32NoAnswerException>(() => Install(board, WiPyJob() with { ConnectAttempts = 2 }));
        Assert.Contains("boot:0x13", e.Message);
        Assert.Contains("GPIO0", e.RecommendedAction);
    }

    [Fact]
    public void A_c3_whose_strap_is_stuck_high_is_told_to_hold_gpio9_as_its_boot_log_names_the_chip()
    {
        using var board = new VirtualEsp32Board(VirtualEsp32Settings.ForChip(VirtualEsp32ChipKind.Esp32C3, new VirtualEsp32Settings { TimeScale = 0 }));
        board.Faults.StrapStuckHigh = true;
        var e = Assert.Throws<Esp32NoAnswerException>(() => Install(board, WiPyJob() with { ConnectAttempts = 2 }));
        Assert.Contains("the ESP32-C3 booted with boot:0xc", e.Message, StringComparison.Ordinal);
        Assert.Contains("its boot pin GPIO9 was not low", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("0x03/0x23", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dead_tx_line_is_download_mode_without_sync()
    {
        using VirtualEsp32Board board = Board();
        board.Faults.HostToChipLineDead = true;
        var e = Assert.Throws<Esp32NoAnswerException>(() => Install(board, WiPyJob() with { ConnectAttempts = 1 }));
        Assert.Contains("waiting for download", e.Message);
    }

    [Fact]
    public void No_answer_at_all_is_a_clear_error()
    {
        using VirtualEsp32Board board = Board(s => s.ModemLinesWired = false);
        board.PressReset();
        Assert.True(board.WaitForState(Esp32BoardState.RunApp, TimeSpan.FromSeconds(30)));
        var e = Assert.Throws<Esp32NoAnswerException>(() => Install(board, WiPyJob(Esp32BeforeMode.NoReset) with { ConnectAttempts = 1 }));
        Assert.Equal("COM9", e.Target);
        Assert.Contains("jumper", e.RecommendedAction);
    }

    [Fact]
    public void A_cable_cut_mid_write_is_port_lost()
    {
        using VirtualEsp32Board board = Board();
        board.Faults.DisconnectAfterFlashDataBytes = 20_000;
        Assert.Throws<SerialPortLostException>(() => Install(board, WiPyJob()));
    }

    [Fact]
    public void Ctrl_c_mid_write_closes_the_port_and_reports_cancelled()
    {
        using VirtualEsp32Board board = Board();
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress<OperationProgress>(p =>
        {
            if (p.Target == "0x10000 wipy.bin" && p.Completed > 10_000)
            {
                cancel.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => Install(board, WiPyJob(), progress: progress, token: cancel.Token));
        Assert.True(links.Single().Device.HostClosed);
        // The bootloader and the partition table were verified; the app, cut short, never was.
        Assert.Equal(2, board.Commands.Count(c => c.Opcode == Esp32RomOpcode.SPI_FLASH_MD5));
    }

    [Fact]
    public void Past_the_detected_flash_size_nothing_is_written()
    {
        using VirtualEsp32Board board = Board(s =>
        {
            s.JedecId = 0x1540EF;
            s.FlashSize = 2 * 1024 * 1024;
        });
        string raw = File("fs.bin", Enumerable.Repeat((byte)0x33, 8192).ToArray());
        Esp32InstallRequest request = WiPyJob() with { Regions = [new Esp32Region(0x1FF000, raw)], Force = true };
        Catalogued.Throws("Esp32RegionsInvalid", () => Install(board, request));
        Assert.DoesNotContain(board.Commands, c => c.Opcode == Esp32RomOpcode.FLASH_DEFL_BEGIN);
    }
}
