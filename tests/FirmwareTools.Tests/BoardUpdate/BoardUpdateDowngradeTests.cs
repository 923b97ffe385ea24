using FirmwareTools.Protocols;
using FirmwareTools.Protocols.BoardUpdate;
using FirmwareTools.Simulators.Lab;
using Xunit;

namespace FirmwareTools.Tests.BoardUpdate;

/// <summary>
/// docs/protocols/board-update.md §5.2: a board on a newer version than the wanted one (a preview of the next release) is
/// skipped with a warning unless -AllowDowngrade; a dirty build is never current, and is flashed with a warning.
/// </summary>
public class BoardUpdateDowngradeTests
{
    private const string Preview = "1.25.0-preview.408.g3d0b6276f1";

    [Fact]
    public void A_board_on_a_newer_preview_is_skipped_with_a_warning_and_not_touched()
    {
        using var bench = new LabBench();
        LabPyboard board = bench.Lab.AddPyboard(Preview);

        (BoardUpdateResult? result, FirmwareToolsException? error, _) = bench.Update(board.PortName, bench.Request());

        Assert.Null(error);
        Assert.Equal(BoardUpdateAction.SkippedNewer, result!.Action);
        Assert.Equal(("v" + Preview, "v" + Preview), (result.Before, result.After));
        Assert.Equal(0, board.BootloaderEntries);
        Assert.Equal("v" + Preview, board.RunningVersion);
        Assert.Equal(0, bench.Site.FileDownloads);
        Assert.Contains(bench.Log, l => l.StartsWith("Warning:", StringComparison.Ordinal) && l.Contains("newer than", StringComparison.Ordinal) && l.Contains("1.24.1", StringComparison.Ordinal) && l.Contains("-AllowDowngrade", StringComparison.Ordinal));
    }

    [Fact]
    public void AllowDowngrade_flashes_the_older_release_over_the_preview_and_confirms_it()
    {
        using var bench = new LabBench();
        LabPyboard board = bench.Lab.AddPyboard(Preview);

        (BoardUpdateResult? result, FirmwareToolsException? error, _) = bench.Update(board.PortName, new BoardUpdateRequest { Version = "1.24.1", AllowDowngrade = true, CacheFolder = bench.Cache.Path });

        Assert.Null(error);
        Assert.Equal(BoardUpdateAction.Updated, result!.Action);
        Assert.Equal("v1.24.1", board.RunningVersion);
        Assert.Equal(1, board.BootloaderEntries);
    }

    [Fact]
    public void A_dirty_build_of_the_wanted_version_is_not_current_and_is_flashed_with_a_warning()
    {
        using var bench = new LabBench();
        LabPyboard board = bench.Lab.AddPyboard("1.24.1.dirty");

        (BoardUpdateResult? result, FirmwareToolsException? error, _) = bench.Update(board.PortName, bench.Request());

        Assert.Null(error);
        Assert.Equal(BoardUpdateAction.Updated, result!.Action);
        Assert.Equal("v1.24.1", board.RunningVersion);
        Assert.Contains(bench.Log, l => l.StartsWith("Warning:", StringComparison.Ordinal) && l.Contains("dirty", StringComparison.Ordinal));
    }
}
