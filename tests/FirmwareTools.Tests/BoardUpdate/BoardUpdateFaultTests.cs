using FirmwareTools.Protocols;
using FirmwareTools.Protocols.BoardUpdate;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Simulators.Lab;
using FirmwareTools.Tests.Common;
using Xunit;

namespace FirmwareTools.Tests.BoardUpdate;

/// <summary>
/// The faults issue 19 lists, each against the virtual lab with one of docs/protocols/board-update.md §6's switches:
/// the error says what was expected and what appeared (§4), and where the board was left.
/// </summary>
public class BoardUpdateFaultTests
{
    [Fact]
    public void An_esp32_whose_rom_has_another_mac_than_the_board_read_is_not_written()
    {
        using var bench = new LabBench();
        LabEsp32 board = bench.Lab.AddEsp32("1.22.2", new LabBoardSettings { TimeScale = 0, UniqueIdOverride = "30aea4008699" });
        byte[] flash = board.Board.Flash.Contents.ToArray();

        (_, FirmwareToolsException? error, BoardUpdateContext context) = bench.Update(board.PortName, bench.Request());

        Assert.Equal("Esp32AnotherChip", error!.ErrorId);
        Assert.Contains("30:ae:a4:00:86:99", error.Message, StringComparison.Ordinal);
        Assert.Equal(BoardUpdateStage.InBootloader, context.Stage);
        Assert.Equal(flash, board.Board.Flash.Contents);
    }

    [Fact]
    public void A_busy_repl_is_interrupted_and_the_board_updated()
    {
        using var bench = new LabBench();
        LabPyboard board = bench.Lab.AddPyboard("1.22.2", new LabBoardSettings { TimeScale = 0, ProgramRunning = true });

        (BoardUpdateResult? result, FirmwareToolsException? error, _) = bench.Update(board.PortName, bench.Request());

        Assert.Null(error);
        Assert.Equal(BoardUpdateAction.Updated, result!.Action);
    }

    [Fact]
    public void A_program_that_ignores_ctrl_c_fails_before_anything_is_sent()
    {
        using var bench = new LabBench();
        LabPyboard board = bench.Lab.AddPyboard("1.22.2", new LabBoardSettings { TimeScale = 0, ProgramRunning = true, IgnoresInterrupt = true });

        var e = Assert.ThrowsAny<FirmwareToolsException>(() => bench.Plan(board.PortName, bench.Request()));

        Assert.Equal("ReplProgramRunning", e.ErrorId);
        Assert.Equal(0, board.BootloaderEntries);
    }

    [Fact]
    public void A_board_that_never_answers_gets_its_own_error_naming_the_port()
    {
        using var bench = new LabBench();
        LabPyboard board = bench.Lab.AddPyboard("1.22.2", new LabBoardSettings { TimeScale = 0, Silent = true });

        var e = Assert.ThrowsAny<FirmwareToolsException>(() => bench.Plan(board.PortName, bench.Request()));

        Assert.Equal("ReplNoAnswer", e.ErrorId);
        Assert.Contains(board.PortName, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_board_that_cannot_be_identified_is_refused_until_Board_names_it()
    {
        using var bench = new LabBench();
        LabPyboard board = bench.Lab.AddPyboard("1.22.2", new LabBoardSettings { TimeScale = 0, MachineOverride = "Lab bench rig with STM32F405RG" });

        var e = Assert.ThrowsAny<FirmwareToolsException>(() => bench.Plan(board.PortName, bench.Request()));
        Assert.Equal("BoardNotIdentified", e.ErrorId);
        Assert.Contains("Lab bench rig with STM32F405RG", e.Message, StringComparison.Ordinal);
        Assert.Contains("-Board", e.RecommendedAction, StringComparison.Ordinal);

        (BoardUpdateResult? result, FirmwareToolsException? error, _) = bench.Update(board.PortName, bench.Request(board: "PYBV11"));
        Assert.Null(error);
        Assert.Equal(("PYBV11", BoardUpdateAction.Updated), (result!.Board, result.Action));
    }

    [Fact]
    public void Board_naming_another_board_is_refused_without_Force()
    {
        using var bench = new LabBench();
        LabPyboard board = bench.Lab.AddPyboard("1.22.2");

        FirmwareError e = Catalogued.Throws("UpdateBoardMismatch", () => bench.Plan(board.PortName, bench.Request(board: "PYBV10")));

        Assert.Contains("PYBV11", e.Message, StringComparison.Ordinal);
        Assert.Contains("PYBV10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_that_does_not_exist_for_the_board_fails_its_plan_and_lists_what_exists()
    {
        using var bench = new LabBench();
        LabPico board = bench.Lab.AddPico(Rp2Chip.Rp2040, "1.22.2");

        var e = Assert.ThrowsAny<FirmwareToolsException>(() => bench.Plan(board.PortName, bench.Request(version: "1.23.0")));

        Assert.Equal("FirmwareVersionNotFound", e.ErrorId);
        Assert.Contains("1.24.1", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, board.BootloaderEntries);
    }

    [Fact]
    public void A_download_that_fails_for_one_board_fails_that_board_only_and_leaves_it_on_its_old_firmware()
    {
        using var bench = new LabBench();
        LabPyboard pyboard = bench.Lab.AddPyboard("1.22.2");
        LabPico pico = bench.Lab.AddPico(Rp2Chip.Rp2350, "1.22.2");
        bench.Site.FailingFiles["RPI_PICO2-20241129-v1.24.1.uf2"] = true;

        IReadOnlyList<BoardJobOutcome<BoardUpdateResult>> outcomes = bench.UpdateAll([pyboard.PortName, pico.PortName], bench.Request());

        Assert.Equal(BoardUpdateAction.Updated, outcomes[0].Value!.Action);
        var failure = Assert.IsAssignableFrom<FirmwareToolsException>(outcomes[1].Error);
        Assert.Equal("FirmwareDownloadFailed", failure.ErrorId);
        Assert.Equal("v1.22.2", pico.RunningVersion);
        Assert.Equal(0, pico.BootloaderEntries);
        Assert.DoesNotContain("RPI_PICO2-20241129-v1.24.1.uf2", bench.Cache.Files);
    }

    [Fact]
    public void Firmware_without_machine_bootloader_is_reported_and_left_on_its_old_firmware()
    {
        using var bench = new LabBench();
        LabPyboard board = bench.Lab.AddPyboard("1.22.2", new LabBoardSettings { TimeScale = 0, NoBootloaderFunction = true });

        (_, FirmwareToolsException? error, BoardUpdateContext context) = bench.Update(board.PortName, bench.Request());

        Assert.Equal("UpdateBootloaderRefused", error!.ErrorId);
        Assert.Contains("AttributeError", error.Message, StringComparison.Ordinal);
        Assert.Equal(BoardUpdateStage.OldFirmware, context.Stage);
        Assert.Equal("v1.22.2", board.RunningVersion);
    }

    [Fact]
    public void A_board_whose_bootloader_never_appears_gets_an_error_saying_what_was_expected()
    {
        using var bench = new LabBench();
        LabPyboard board = bench.Lab.AddPyboard("1.22.2", new LabBoardSettings { TimeScale = 0, BootloaderNeverAppears = true });

        (_, FirmwareToolsException? error, BoardUpdateContext context) = bench.Update(board.PortName, bench.Request());

        Assert.Equal("UpdateBootloaderNotFound", error!.ErrorId);
        Assert.Contains("0483:df11 with serial " + board.UsbSerial, error.Message, StringComparison.Ordinal);
        Assert.Contains("no bootloader device appeared", error.Message, StringComparison.Ordinal);
        Assert.Equal(BoardUpdateStage.EnteringBootloader, context.Stage);
    }

    [Fact]
    public void Two_boards_vanishing_at_once_with_serials_matching_nothing_are_not_guessed_between()
    {
        using var bench = new LabBench();
        LabPyboard first = bench.Lab.AddPyboard("1.22.2", new LabBoardSettings { TimeScale = 0, BootloaderSerialOverride = "0000000000A1" });
        LabPyboard second = bench.Lab.AddPyboard("1.22.2", new LabBoardSettings { TimeScale = 0, BootloaderSerialOverride = "0000000000B2" });

        // The second board leaves for its bootloader at the moment the first does.
        first.LeftApplication = second.EnterBootloaderNow;
        (_, FirmwareToolsException? error, BoardUpdateContext context) = bench.Update(first.PortName, bench.Request());

        Assert.Equal("UpdateBootloaderAmbiguous", error!.ErrorId);
        Assert.Contains("0000000000A1", error.Message, StringComparison.Ordinal);
        Assert.Contains("0000000000B2", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, first.Bootloader!.RequestLog.Count(r => r.Request == 1)); // no DFU_DNLOAD: nothing written
        Assert.Equal(BoardUpdateStage.EnteringBootloader, context.Stage);
    }

    [Fact]
    public void One_board_whose_serial_matches_nothing_is_taken_as_the_only_new_dfu_device_with_a_warning()
    {
        using var bench = new LabBench();
        LabPyboard board = bench.Lab.AddPyboard("1.22.2", new LabBoardSettings { TimeScale = 0, BootloaderSerialOverride = "0000000000A1" });

        (BoardUpdateResult? result, FirmwareToolsException? error, _) = bench.Update(board.PortName, bench.Request());

        Assert.Null(error);
        Assert.Equal(BoardUpdateAction.Updated, result!.Action);
        Assert.Contains(bench.Log, l => l.StartsWith("Warning:", StringComparison.Ordinal) && l.Contains("0000000000A1", StringComparison.Ordinal));
    }

    [Fact]
    public void Another_planned_boards_dfu_device_is_never_taken_as_the_only_new_one()
    {
        using var bench = new LabBench();
        LabPyboard waiting = bench.Lab.AddPyboard("1.22.2", new LabBoardSettings { TimeScale = 0, BootloaderNeverAppears = true });
        LabPyboard other = bench.Lab.AddPyboard("1.22.2");
        bench.Plan(other.PortName, bench.Request()); // the same run: its DFU serial belongs to it

        // While the first board's bootloader never comes, the other board's appears: the only new DFU device, and not its.
        waiting.LeftApplication = other.EnterBootloaderNow;
        (_, FirmwareToolsException? error, BoardUpdateContext context) = bench.Update(waiting.PortName, bench.Request());

        Assert.Equal("UpdateBootloaderNotFound", error!.ErrorId);
        Assert.Equal(BoardUpdateStage.EnteringBootloader, context.Stage);
        Assert.Equal(0, other.Bootloader!.RequestLog.Count(r => r.Request == 1)); // no DFU_DNLOAD reached the other board
        Assert.DoesNotContain(bench.Log, l => l.Contains("taking it as the only DFU device", StringComparison.Ordinal));
    }

    [Fact]
    public void A_dfu_jumper_left_fitted_brings_the_board_back_in_dfu_and_says_so()
    {
        using var bench = new LabBench();
        LabPyboard board = bench.Lab.AddPyboard("1.22.2", new LabBoardSettings { TimeScale = 0, ReturnsToBootloaderAfterLeave = true });

        (_, FirmwareToolsException? error, BoardUpdateContext context) = bench.Update(board.PortName, bench.Request());

        Assert.Equal("UpdateStillInBootloader", error!.ErrorId);
        Assert.Contains("jumper", error.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal(BoardUpdateStage.Restarting, context.Stage);
        Assert.Equal("v1.24.1", board.Facts!.Tag); // written and verified: only the start failed
    }

    [Fact]
    public void A_flash_that_ends_with_the_old_version_running_is_an_error_never_a_success()
    {
        using var bench = new LabBench();
        LabPyboard board = bench.Lab.AddPyboard("1.22.2", new LabBoardSettings { TimeScale = 0, RunsOldImageAfterFlash = true });

        (BoardUpdateResult? result, FirmwareToolsException? error, _) = bench.Update(board.PortName, bench.Request());

        Assert.Null(result);
        Assert.Equal("UpdateVersionNotConfirmed", error!.ErrorId);
        Assert.Contains("v1.22.2", error.Message, StringComparison.Ordinal);
        Assert.Contains("v1.24.1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_board_that_does_not_come_back_after_flashing_is_reported_with_the_last_try()
    {
        using var bench = new LabBench();
        LabPico board = bench.Lab.AddPico(Rp2Chip.Rp2350, "1.22.2", new LabBoardSettings { TimeScale = 0, NeverComesBack = true });

        (_, FirmwareToolsException? error, BoardUpdateContext context) = bench.Update(board.PortName, bench.Request());

        Assert.Equal("UpdateBoardNotBack", error!.ErrorId);
        Assert.Contains("the last try", error.Message, StringComparison.Ordinal);
        Assert.Equal(BoardUpdateStage.Restarting, context.Stage);
    }

    [Fact]
    public void Ctrl_c_while_reading_the_board_leaves_it_on_its_old_firmware()
    {
        using var bench = new LabBench();
        LabPyboard board = bench.Lab.AddPyboard("1.22.2");
        using var stop = new CancellationTokenSource();
        stop.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => bench.Update(board.PortName, bench.Request(), stop.Token));

        Assert.Equal(0, board.BootloaderEntries);
        Assert.Equal("v1.22.2", board.RunningVersion);
    }

    [Fact]
    public void Ctrl_c_while_waiting_for_the_bootloader_says_the_board_is_on_its_way_there()
    {
        using var bench = new LabBench();
        LabPyboard board = bench.Lab.AddPyboard("1.22.2", new LabBoardSettings { TimeScale = 0, BootloaderNeverAppears = true });
        using var stop = new CancellationTokenSource();
        board.LeftApplication = stop.Cancel;

        BoardUpdateContext context = RunUntilCancelled(bench, board.PortName, stop.Token);

        Assert.Equal(BoardUpdateStage.EnteringBootloader, context.Stage);
        Assert.Contains("on its way into its bootloader", context.DescribeStage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Ctrl_c_in_the_middle_of_the_write_says_the_firmware_is_half_written()
    {
        using var bench = new LabBench();
        LabPyboard board = bench.Lab.AddPyboard("1.22.2");
        using var stop = new CancellationTokenSource();
        board.BootloaderAppeared = bootloader => bootloader.BeforeDownloadBlock = written =>
        {
            if (written >= 4096)
            {
                stop.Cancel();
            }
        };

        BoardUpdateContext context = RunUntilCancelled(bench, board.PortName, stop.Token);

        Assert.Equal(BoardUpdateStage.Flashing, context.Stage);
        Assert.Contains("half written", context.DescribeStage(), StringComparison.Ordinal);
        Assert.Contains("0483:df11", context.DescribeStage(), StringComparison.Ordinal);
        Assert.False(board.InApplication);
    }

    [Fact]
    public void Ctrl_c_while_waiting_for_the_new_firmware_says_it_is_written_but_not_confirmed()
    {
        using var bench = new LabBench();
        LabPico board = bench.Lab.AddPico(Rp2Chip.Rp2040, "1.22.2", new LabBoardSettings { TimeScale = 0, NeverComesBack = true });
        using var stop = new CancellationTokenSource();
        board.BootloaderAppeared = rom => rom.Reenumerated += _ => stop.Cancel();

        BoardUpdateContext context = RunUntilCancelled(bench, board.PortName, stop.Token);

        Assert.Equal(BoardUpdateStage.Restarting, context.Stage);
        Assert.Contains("not yet confirmed", context.DescribeStage(), StringComparison.Ordinal);
    }

    private static BoardUpdateContext RunUntilCancelled(LabBench bench, string port, CancellationToken token)
    {
        var updater = new BoardUpdater(bench.World);
        BoardUpdatePlan plan = updater.Plan(port, bench.Request(), null, CancellationToken.None);
        var context = new BoardUpdateContext(plan);
        Assert.ThrowsAny<OperationCanceledException>(() => updater.Run(context, bench.Request(), token));
        return context;
    }
}
