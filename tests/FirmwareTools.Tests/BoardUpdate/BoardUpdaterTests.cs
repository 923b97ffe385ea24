using FirmwareTools.Protocols;
using FirmwareTools.Protocols.BoardUpdate;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.MicroPython;
using FirmwareTools.Simulators.Lab;
using FirmwareTools.Tests.Common;
using Xunit;

namespace FirmwareTools.Tests.BoardUpdate;

/// <summary>
/// Update-Firmware's operation against the virtual lab, one family at a time: into the bootloader and back
/// (docs/protocols/board-update.md §3), confirmed by the same unique id reporting the wanted version read from the flash
/// (§5.3, §6), and a board already current left untouched (§5.2).
/// </summary>
public class BoardUpdaterTests
{
    [Fact]
    public void A_pyboard_goes_through_DFU_and_comes_back_on_the_new_version_with_its_files_kept()
    {
        using var bench = new LabBench();
        LabPyboard board = bench.Lab.AddPyboard("1.22.2");
        byte[] filesystemBefore = board.Filesystem;

        (BoardUpdateResult? result, FirmwareToolsException? error, BoardUpdateContext context) = bench.Update(board.PortName, bench.Request());

        Assert.Null(error);
        Assert.Equal(BoardUpdateAction.Updated, result!.Action);
        Assert.Equal("v1.22.2", result.Before);
        Assert.Equal("v1.24.1", result.After);
        Assert.Equal("PYBV11", result.Board);
        Assert.Equal("PYBV11-20241129-v1.24.1.dfu", result.Firmware);
        Assert.Equal(board.UniqueIdHex, result.UniqueId);
        Assert.Equal("v1.24.1", board.RunningVersion);
        Assert.Equal(1, board.BootloaderEntries);
        Assert.Equal(BoardUpdateStage.NewFirmware, context.Stage);
        Assert.Contains("0483:df11 " + board.UsbSerial, context.BootloaderDevice, StringComparison.Ordinal);
        Assert.Equal(filesystemBefore, board.Filesystem);
    }

    [Fact]
    public void An_esp32_behind_a_bridge_is_reset_into_its_rom_by_dtr_and_rts_on_the_same_port()
    {
        using var bench = new LabBench();
        LabEsp32 board = bench.Lab.AddEsp32("1.22.2");

        (BoardUpdateResult? result, FirmwareToolsException? error, _) = bench.Update(board.PortName, bench.Request());

        Assert.Null(error);
        Assert.Equal(BoardUpdateAction.Updated, result!.Action);
        Assert.Equal(("ESP32_GENERIC", "v1.22.2", "v1.24.1"), (result.Board, result.Before, result.After));
        Assert.Equal("v1.24.1", board.RunningVersion);
        Assert.Equal("ESP32_GENERIC-20241129-v1.24.1.bin", result.Firmware);
    }

    [Theory]
    [InlineData(Rp2Chip.Rp2040, "RPI_PICO")]
    [InlineData(Rp2Chip.Rp2350, "RPI_PICO2")]
    public void A_pico_goes_through_bootsel_and_picoboot_and_comes_back_on_the_new_version(Rp2Chip chip, string id)
    {
        using var bench = new LabBench();
        LabPico board = bench.Lab.AddPico(chip, "1.22.2");

        (BoardUpdateResult? result, FirmwareToolsException? error, BoardUpdateContext context) = bench.Update(board.PortName, bench.Request());

        Assert.Null(error);
        Assert.Equal((id, "v1.22.2", "v1.24.1", BoardUpdateAction.Updated), (result!.Board, result.Before, result.After, result.Action));
        Assert.Equal("v1.24.1", board.RunningVersion);
        Assert.Equal(1, board.BootloaderEntries);
        Assert.StartsWith(chip == Rp2Chip.Rp2040 ? "2e8a:0003" : "2e8a:000f", context.BootloaderDevice, StringComparison.Ordinal);
    }

    [Fact]
    public void A_board_already_on_the_version_is_not_touched_and_nothing_is_downloaded()
    {
        using var bench = new LabBench();
        LabPyboard board = bench.Lab.AddPyboard("1.24.1");

        (BoardUpdateResult? result, FirmwareToolsException? error, _) = bench.Update(board.PortName, bench.Request());

        Assert.Null(error);
        Assert.Equal(BoardUpdateAction.AlreadyCurrent, result!.Action);
        Assert.Equal(("v1.24.1", "v1.24.1"), (result.Before, result.After));
        Assert.Equal(0, board.BootloaderEntries);
        Assert.Equal(0, bench.Site.FileDownloads);
        Assert.Empty(bench.Cache.Files);
    }

    [Fact]
    public void Force_reflashes_a_current_board_and_latest_picks_the_newest_release()
    {
        using var bench = new LabBench();
        LabPico board = bench.Lab.AddPico(Rp2Chip.Rp2350, "1.24.1");

        (BoardUpdateResult? result, _, _) = bench.Update(board.PortName, bench.Request(version: "latest", force: true));

        Assert.Equal(BoardUpdateAction.Updated, result!.Action);
        Assert.Equal(1, board.BootloaderEntries);
        Assert.Equal("v1.24.1", board.RunningVersion);
    }

    [Fact]
    public void The_cache_is_reused_while_its_recorded_hash_matches_and_refetched_when_the_file_changed()
    {
        using var bench = new LabBench();
        LabPyboard first = bench.Lab.AddPyboard("1.22.2");
        LabPyboard second = bench.Lab.AddPyboard("1.22.2");

        bench.Update(first.PortName, bench.Request());
        Assert.Equal(1, bench.Site.FileDownloads);
        Assert.Equal(["PYBV11-20241129-v1.24.1.dfu", "PYBV11-20241129-v1.24.1.dfu.sha256"], bench.Cache.Files.Order(StringComparer.Ordinal));

        // A damaged cached file is not flashed: it is downloaded again.
        string cached = Path.Combine(bench.Cache.Path, "PYBV11-20241129-v1.24.1.dfu");
        byte[] bytes = File.ReadAllBytes(cached);
        bytes[^20] ^= 0xFF;
        File.WriteAllBytes(cached, bytes);
        (BoardUpdateResult? result, _, _) = bench.Update(second.PortName, bench.Request());

        Assert.Equal(BoardUpdateAction.Updated, result!.Action);
        Assert.Equal(2, bench.Site.FileDownloads);
        Assert.Contains(bench.Log, l => l.Contains("no longer has the SHA-256", StringComparison.Ordinal));
    }

    [Fact]
    public void The_plan_line_names_board_port_versions_and_file()
    {
        using var bench = new LabBench();
        LabPyboard board = bench.Lab.AddPyboard("1.22.2");

        BoardUpdatePlan plan = bench.Plan(board.PortName, bench.Request());

        Assert.Equal($"PYBV11 on {board.PortName}: v1.22.2 -> v1.24.1, PYBV11-20241129-v1.24.1.dfu", plan.Description);
        Assert.False(plan.IsCurrent);
        Assert.Equal(0, board.BootloaderEntries);
        Assert.Equal(0, bench.Site.FileDownloads);
    }

    [Fact]
    public void A_given_file_is_flashed_and_its_version_read_from_its_name()
    {
        using var bench = new LabBench();
        LabPico board = bench.Lab.AddPico(Rp2Chip.Rp2040, "1.22.2");
        string file = Path.Combine(bench.Cache.Path, "RPI_PICO-20241129-v1.24.1.uf2");
        File.WriteAllBytes(file, LabFirmware.Build(LabBoardKind.Pico, "1.24.1", new DateTime(2024, 11, 29)));

        (BoardUpdateResult? result, FirmwareToolsException? error, _) = bench.Update(board.PortName, bench.Request(path: file));

        Assert.Null(error);
        Assert.Equal(("v1.24.1", BoardUpdateAction.Updated), (result!.After, result.Action));
        Assert.Equal(0, bench.Site.FileDownloads);
    }

    [Fact]
    public void A_given_file_without_a_download_name_is_read_by_the_banner_it_carries()
    {
        using var bench = new LabBench();
        string file = Path.Combine(bench.Cache.Path, "my-build.uf2");
        File.WriteAllBytes(file, LabFirmware.Build(LabBoardKind.Pico2, "1.24.1", new DateTime(2024, 11, 29)));

        Assert.Equal(FirmwareVersion.Parse("1.24.1"), FirmwareFileVersion.Read(file));
    }

    [Fact]
    public void Eight_mixed_boards_at_once_end_in_input_order_each_on_the_new_version()
    {
        using var bench = new LabBench();
        var boards = new List<LabBoard>
        {
            bench.Lab.AddPyboard("1.22.2"), bench.Lab.AddEsp32("1.22.2"), bench.Lab.AddPico(Rp2Chip.Rp2040, "1.22.2"), bench.Lab.AddPico(Rp2Chip.Rp2350, "1.22.2"),
            bench.Lab.AddPyboard("1.24.1"), bench.Lab.AddEsp32("1.22.2"), bench.Lab.AddPico(Rp2Chip.Rp2040, "1.22.2"), bench.Lab.AddPyboard("1.22.2"),
        };

        IReadOnlyList<BoardJobOutcome<BoardUpdateResult>> outcomes = bench.UpdateAll(boards.Select(b => b.PortName).ToList(), bench.Request());

        Assert.All(outcomes, o => Assert.Null(o.Error));
        Assert.Equal(boards.Select(b => b.PortName), outcomes.Select(o => o.Value!.Port));
        Assert.Equal(
            [BoardUpdateAction.Updated, BoardUpdateAction.Updated, BoardUpdateAction.Updated, BoardUpdateAction.Updated, BoardUpdateAction.AlreadyCurrent, BoardUpdateAction.Updated, BoardUpdateAction.Updated, BoardUpdateAction.Updated],
            outcomes.Select(o => o.Value!.Action));
        Assert.All(boards, b => Assert.Equal("v1.24.1", b.RunningVersion));

        // The second run touches nothing and downloads nothing.
        int downloads = bench.Site.FileDownloads;
        int[] entries = boards.Select(b => b.BootloaderEntries).ToArray();
        IReadOnlyList<BoardJobOutcome<BoardUpdateResult>> again = bench.UpdateAll(boards.Select(b => b.PortName).ToList(), bench.Request());
        Assert.All(again, o => Assert.Equal(BoardUpdateAction.AlreadyCurrent, o.Value!.Action));
        Assert.Equal(downloads, bench.Site.FileDownloads);
        Assert.Equal(entries, boards.Select(b => b.BootloaderEntries));
    }
}
