using System.Management.Automation;
using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Simulators.Dfu;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>Write-Progress per phase as the engine receives it, and Ctrl+C (PowerShell.Stop) in the middle of a write.</summary>
[Collection(EngineCollection.Name)]
public sealed class ProgressAndCancellationTests : IDisposable
{
    private const string Install = "Get-DfuDevice | Install-PyboardFirmware -Path ./PYBV11-20240222-v1.22.2.dfu -Verify -Confirm:$false";
    private readonly VirtualBench bench = VirtualBench.Start("3061B4493536");
    private readonly PowerShellSession ps = new();

    public ProgressAndCancellationTests()
    {
        ps.UseBench(bench);
        TestFirmware.WritePyboardDfu(ps.WorkingFolder, textLength: 200 * 1024);
    }

    public void Dispose()
    {
        ps.Dispose();
        bench.Dispose();
    }

    [Fact]
    public void Erase_write_and_verify_each_report_percentages_and_end_with_one_Completed_record()
    {
        ScriptResult r = ps.Run(Install).AssertSucceeded();

        foreach (string phase in new[] { "Erase", "Write", "Verify" })
        {
            var records = r.Progress.Where(p => p.Activity.StartsWith(phase + " ", StringComparison.Ordinal)).ToList();
            Assert.Contains(records, p => p.RecordType == ProgressRecordType.Processing);
            Assert.All(records, p => Assert.InRange(p.PercentComplete, 0, 100));
            Assert.Equal(ProgressRecordType.Completed, records[^1].RecordType);
            Assert.Single(records, p => p.RecordType == ProgressRecordType.Completed);
            Assert.Contains("3061B4493536", records[0].Activity, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_activity_is_the_phase_and_the_board_and_the_status_carries_the_bytes()
    {
        // Issue 16, item 6: at 80 columns "Installing firmware on 0483:df11 3061B44... [0483:df11 3061B4493536 at 127.0...3s]"
        // named the board twice and cut the phase and the bytes.
        ScriptResult r = ps.Run(Install).AssertSucceeded();

        var writes = r.Progress.Where(p => p.Activity.StartsWith("Write", StringComparison.Ordinal)).ToList();
        Assert.All(writes, p => Assert.Equal("Write 0483:df11 3061B4493536", p.Activity));
        Assert.All(writes.Where(p => p.RecordType == ProgressRecordType.Processing), p =>
            Assert.Matches(@"^\d+ of \d+ bytes, [\d.]+ (B|KiB|MiB)/s$", p.StatusDescription));
        Assert.Equal(["Erase 0483:df11 3061B4493536", "Verify 0483:df11 3061B4493536", "Write 0483:df11 3061B4493536"],
            r.Progress.Select(p => p.Activity).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void After_a_failed_write_every_phase_that_started_is_still_Completed()
    {
        bench.Boards[0].FailWriteAddress = TestFirmware.TextAddress + 0x8000;
        ScriptResult r = ps.Run(Install);

        Assert.Single(r.Errors);
        var activities = r.Progress.Select(p => p.Activity).Distinct().ToList();
        Assert.Contains(activities, a => a.StartsWith("Write ", StringComparison.Ordinal));
        Assert.DoesNotContain(activities, a => a.StartsWith("Verify ", StringComparison.Ordinal));
        foreach (string activity in activities)
        {
            Assert.Equal(ProgressRecordType.Completed, r.Progress.Last(p => p.Activity == activity).RecordType);
        }
    }

    [Fact]
    public async Task Stopping_the_pipeline_mid_write_returns_leaves_the_board_idle_and_writes_no_result()
    {
        using var gate = TransferGate.Write(bench.Boards[0], afterBytes: 64 * 1024);
        ScriptResult r = await StopWhileHeld(Install, gate);

        Assert.Empty(r.Output);
        Assert.Equal(BootloaderState.dfuIDLE, bench.Boards[0].State);
        Assert.Contains(r.Progress, p => p.Activity.StartsWith("Write ", StringComparison.Ordinal));
        Assert.DoesNotContain(r.Progress, p => p.Activity.StartsWith("Verify ", StringComparison.Ordinal));

        // No Completed records here: a stopping pipeline refuses every Write*, and the console host clears its
        // progress display itself when the pipeline ends.

        // Issue 16, item 10: the console says the board now needs flashing again.
        Assert.Contains(ps.Host.RecordingUI.Warnings, w => w.StartsWith("Stopped while flashing 0483:df11 3061B4493536", StringComparison.Ordinal) && w.Contains("Flash it again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_a_backup_mid_read_leaves_no_partial_file_and_the_board_idle()
    {
        using var gate = TransferGate.Read(bench.Boards[0], TestFirmware.VectorsAddress + (256 * 1024));
        ScriptResult r = await StopWhileHeld("Get-DfuDevice | Backup-PyboardFirmware -Path ./backup.bin", gate);

        Assert.Empty(r.Output);
        Assert.Empty(Directory.GetFiles(ps.WorkingFolder, "backup*"));
        Assert.Equal(BootloaderState.dfuIDLE, bench.Boards[0].State);
    }

    /// <summary>Starts <paramref name="script"/> and stops it as Ctrl+C does while the board holds it at the gate.</summary>
    private async Task<ScriptResult> StopWhileHeld(string script, TransferGate gate)
    {
        using RunningScript running = ps.Begin(script);
        return await running.StopWhileHeld([gate], TimeSpan.FromMinutes(2));
    }
}
