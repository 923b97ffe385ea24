using System.Management.Automation;
using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Protocols.BoardUpdate;
using FirmwareTools.Simulators.Lab;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>
/// The faults issue 19 lists, each through Update-Firmware in the hosted engine against a served lab board that has it:
/// the board's one error (its ErrorId, naming its port), the result's Action and the stage it was left in, and what the
/// board itself shows afterwards. The waits are the cmdlet's own (docs/protocols/board-update.md §7), so the cases whose
/// bootloader never comes take their full 10 s or 5 s.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class UpdateFirmwareFaultTests : IDisposable
{
    private readonly ServedLabSession bench = new();

    public static TheoryData<string> Faults =>
    [
        "a program that ignores Ctrl-C",
        "a board that never answers",
        "a board that cannot be identified",
        "a bootloader that never appears",
        "two boards that vanish at once with serials matching nothing",
        "a DFU jumper left fitted",
        "the old version still running after the flash",
    ];

    private VirtualLab lab => bench.Lab;

    private LabFirmwareSite site => bench.Site;

    private PowerShellSession ps => bench.Ps;

    public void Dispose() => bench.Dispose();

    [Fact]
    public void A_busy_board_is_interrupted_and_updated()
    {
        LabPyboard board = lab.AddPyboard("1.22.2", new LabBoardSettings { TimeScale = 0, ProgramRunning = true });
        string port = Serve();

        ScriptResult r = Update(port).AssertSucceeded();

        Assert.Equal(BoardUpdateAction.Updated, Assert.Single(r.Objects<BoardUpdateResult>()).Action);
        Assert.Equal("v1.24.1", board.RunningVersion);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public void Each_fault_is_one_error_naming_the_port_and_the_result_says_where_the_board_was_left(string fault)
    {
        (LabPyboard board, string expectedId, BoardUpdateStage expectedStage, string? inMessage) = fault switch
        {
            "a program that ignores Ctrl-C" => (Add(new() { ProgramRunning = true, IgnoresInterrupt = true }), "ReplProgramRunning", BoardUpdateStage.OldFirmware, null),
            "a board that never answers" => (Add(new() { Silent = true }), "ReplNoAnswer", BoardUpdateStage.OldFirmware, null),
            "a board that cannot be identified" => (Add(new() { MachineOverride = "Lab bench rig with STM32F405RG" }), "BoardNotIdentified", BoardUpdateStage.OldFirmware, "Lab bench rig with STM32F405RG"),
            "a bootloader that never appears" => (Add(new() { BootloaderNeverAppears = true }), "UpdateBootloaderNotFound", BoardUpdateStage.EnteringBootloader, null),
            "two boards that vanish at once with serials matching nothing" => (TwoVanishing(), "UpdateBootloaderAmbiguous", BoardUpdateStage.EnteringBootloader, "0000000000B2"),
            "a DFU jumper left fitted" => (Add(new() { ReturnsToBootloaderAfterLeave = true }), "UpdateStillInBootloader", BoardUpdateStage.Restarting, null),
            "the old version still running after the flash" => (Add(new() { RunsOldImageAfterFlash = true }), "UpdateVersionNotConfirmed", BoardUpdateStage.Restarting, "v1.22.2"),
            _ => throw new ArgumentOutOfRangeException(nameof(fault)),
        };
        string port = Serve();

        ScriptResult r = Update(port);

        ErrorRecord error = Assert.Single(r.Errors);
        Assert.Equal(expectedId, error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains(port, error.Exception.Message, StringComparison.Ordinal);
        if (inMessage is not null)
        {
            Assert.Contains(inMessage, error.Exception.Message, StringComparison.Ordinal);
        }

        BoardUpdateResult result = Assert.Single(r.Objects<BoardUpdateResult>());
        Assert.Equal((port, BoardUpdateAction.Failed, expectedStage), (result.Port, result.Action, result.Stage));
        Assert.NotEqual("v1.24.1", board.RunningVersion);
        if (expectedStage == BoardUpdateStage.OldFirmware)
        {
            Assert.Equal(0, board.BootloaderEntries); // nothing was sent that leaves the application
        }
    }

    private LabPyboard Add(LabBoardSettings settings)
    {
        settings.TimeScale = 0;
        return lab.AddPyboard("1.22.2", settings);
    }

    /// <summary>The first board is updated; the second leaves for its bootloader at the same moment. Neither DFU serial is theirs.</summary>
    private LabPyboard TwoVanishing()
    {
        LabPyboard first = Add(new() { BootloaderSerialOverride = "0000000000A1" });
        LabPyboard second = Add(new() { BootloaderSerialOverride = "0000000000B2" });
        first.LeftApplication = second.EnterBootloaderNow;
        return first;
    }

    private ScriptResult Update(string port)
    {
        ps.SetVariable("port", port);
        return ps.Run("Update-Firmware -Port $port -Version 1.24.1 -DestinationPath ./cache -Confirm:$false -ErrorAction Continue");
    }

    /// <summary>Serves the lab and returns the first board's port (the one updated).</summary>
    private string Serve() => bench.Serve()[0];
}
