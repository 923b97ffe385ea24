using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;
using FirmwareTools.TestImages;
using Xunit;

namespace FirmwareTools.Tests.Esp32;

/// <summary>
/// Issue 17 item 8: a command that is not meant to reset the board (-Before NoReset, opening a port) must never pull
/// EN low, not even for the instant between two line writes. The virtual board counts every EN-low state the modem
/// lines produced (<see cref="VirtualEsp32Board.EnLowCount"/>), so a glitch shows as a number, not as a timing accident.
/// </summary>
public sealed class ModemLineGlitchTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("esp32-glitch-").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    private static VirtualEsp32Board ServedBoard() =>
        new(VirtualEsp32Server.ServedSettings(timeScale: 0) with { FirstSyncLost = false });

    /// <summary>Another client (a terminal, esptool --after no-reset) leaves DTR and RTS asserted and goes.</summary>
    private static void AnotherClientLeavesBothLinesAsserted(VirtualEsp32Server server)
    {
        using ISerialPort other = SerialPorts.Open(server.Url, new SerialPortSettings { Dtr = true, Rts = true });
        other.SetModemLines(true, true);
    }

    [Fact]
    public void NoReset_over_rfc2217_after_another_client_left_both_lines_asserted_flashes_without_pulling_en_low()
    {
        using VirtualEsp32Board board = ServedBoard();
        using var server = new VirtualEsp32Server(board, SerialTcpServerMode.Rfc2217);
        AnotherClientLeavesBothLinesAsserted(server);
        int enLowBefore = board.EnLowCount;
        string app = Path.Combine(dir, "app.bin");
        File.WriteAllBytes(app, Esp32TestImage.FirmwareLike(segmentLengths: [20_000, 3], seed: 5));
        var request = new Esp32InstallRequest
        {
            Port = server.Url,
            Regions = [new Esp32Region(0x10000, app)],
            Before = Esp32BeforeMode.NoReset,
            After = Esp32AfterMode.NoReset,
            FlashBaudRate = 115200,
            Timeouts = Esp32RomClientTests.TestTimeouts,
            ConnectAttempts = 1,
        };

        Esp32InstallResult result = Esp32Installer.Install(Esp32Installer.Prepare(request));

        Assert.True(result.Verified);
        Assert.Equal(File.ReadAllBytes(app), board.Flash.Contents.AsSpan(0x10000, (int)new FileInfo(app).Length).ToArray());
        Assert.Equal(enLowBefore, board.EnLowCount);
        Assert.DoesNotContain((false, true), board.ModemLineLog);
        Assert.Equal(Esp32BoardState.RomDownload, board.State);
    }

    [Fact]
    public void Releasing_both_lines_over_rfc2217_goes_rts_first_and_never_through_a_reset_state()
    {
        using VirtualEsp32Board board = ServedBoard();
        using var server = new VirtualEsp32Server(board, SerialTcpServerMode.Rfc2217);
        AnotherClientLeavesBothLinesAsserted(server);
        int enLowBefore = board.EnLowCount;

        using (ISerialPort port = Esp32Installer.OpenPort(server.Url, 115200, Esp32BeforeMode.DefaultReset, CancellationToken.None))
        {
            // The SET-CONTROL commands are not acknowledged (see Rfc2217SerialPort.SetModemLines): a round trip that is
            // (baud rate) proves the server has applied the lines written before it.
            port.BaudRate = 115200;
        }

        Assert.Equal(enLowBefore, board.EnLowCount);
        Assert.Equal([(true, true), (true, false), (false, false)], board.ModemLineLog.Skip(board.ModemLineLog.Count - 3));
        Assert.Equal(Esp32BoardState.RomDownload, board.State);
    }

    [Fact]
    public void A_deliberate_reset_is_counted_so_the_counter_can_fail()
    {
        using VirtualEsp32Board board = ServedBoard();
        using var server = new VirtualEsp32Server(board, SerialTcpServerMode.Rfc2217);
        using ISerialPort port = Esp32Installer.OpenPort(server.Url, 115200, Esp32BeforeMode.DefaultReset, CancellationToken.None);
        int before = board.EnLowCount;

        Esp32ResetStrategy.HardReset.Run(port, CancellationToken.None);
        port.BaudRate = 115200;

        Assert.Equal(before + 1, board.EnLowCount);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Every_reset_strategy_starts_and_ends_without_an_unintended_en_low_edge(bool startDtr, bool startRts)
    {
        // Each strategy resets the chip exactly once (one EN-low pulse), whatever state the lines were left in.
        foreach (Esp32ResetStrategy strategy in Esp32ResetStrategy.DefaultCycle(windows: false).Concat(Esp32ResetStrategy.DefaultCycle(windows: true)).Append(Esp32ResetStrategy.HardReset))
        {
            using var board = new VirtualEsp32Board(new VirtualEsp32Settings { TimeScale = 0 });
            var link = new VirtualSerialLink("COM3");
            board.Attach(link);
            link.Host.SetModemLines(startDtr, startRts);
            int before = board.EnLowCount;

            strategy.Run(link.Host, CancellationToken.None);

            Assert.True(board.EnLowCount == before + 1, $"{strategy.Name} from ({startDtr}, {startRts}) pulled EN low {board.EnLowCount - before} times.");
            Assert.False(link.Host.RtsEnable && !link.Host.DtrEnable, $"{strategy.Name} left the chip in reset.");
            link.Host.Dispose();
        }
    }
}
