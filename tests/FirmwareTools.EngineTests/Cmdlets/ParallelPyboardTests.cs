using System.Management.Automation;
using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Simulators.Dfu;
using FirmwareTools.Protocols.Pyboard;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>
/// A lab re-flash: four virtual pyboards with -ThrottleLimit 4. Overlap is proven with gates (every board holds its
/// write until all four are holding theirs, which only happens if all four are flashed at once), never with timing.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ParallelPyboardTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly VirtualBench bench = VirtualBench.Start("LAB000000001", "LAB000000002", "LAB000000003", "LAB000000004");
    private readonly PowerShellSession ps = new();
    private readonly byte[] vectors;
    private readonly byte[] text;

    public ParallelPyboardTests()
    {
        ps.UseBench(bench);
        (vectors, text) = TestFirmware.WritePyboardDfu(ps.WorkingFolder, textLength: 96 * 1024);

        // The boards in an order unlike Get-DfuDevice's, so "input order" cannot be the listing order by accident.
        ps.Run("$all = @(Get-DfuDevice); $boards = 'LAB000000003','LAB000000001','LAB000000004','LAB000000002' | ForEach-Object { $s = $_; $all | Where-Object SerialNumber -eq $s }").AssertSucceeded();
    }

    private static string Install(string extra = "-Confirm:$false") =>
        $"$boards | Install-PyboardFirmware -Path ./PYBV11-20240222-v1.22.2.dfu -Verify -ThrottleLimit 4 {extra}";

    public void Dispose()
    {
        ps.Dispose();
        bench.Dispose();
    }

    [Fact]
    public void Four_boards_are_flashed_at_once_each_with_its_own_progress_and_results_in_input_order()
    {
        var gates = bench.Boards.Select(b => TransferGate.Write(b, afterBytes: 32 * 1024)).ToList();
        try
        {
            using RunningScript running = ps.Begin(Install());
            foreach (TransferGate gate in gates)
            {
                Assert.True(gate.WaitReached(Limit), "a board's write never started while the others were held");
            }

            // All four are held mid-write at the same moment: they overlap. Let them go in reverse input order.
            foreach (TransferGate gate in Enumerable.Reverse(gates))
            {
                gate.Release();
            }

            ScriptResult r = running.Complete().AssertSucceeded();

            var results = r.Objects<PyboardInstallResult>();
            Assert.Equal(["LAB000000003", "LAB000000001", "LAB000000004", "LAB000000002"], results.Select(x => x.SerialNumber));
            Assert.All(results, x => Assert.True(x.Verified && x.LeftDfuMode));
            foreach (var board in bench.Boards)
            {
                Assert.Equal(vectors, TestFirmware.FlashAt(board, TestFirmware.VectorsAddress, vectors.Length));
                Assert.Equal(text, TestFirmware.FlashAt(board, TestFirmware.TextAddress, text.Length));
            }

            // One Write activity per board, each with its own ActivityId, each closed with a Completed record.
            var writes = r.Progress.Where(p => p.Activity.StartsWith("Write ", StringComparison.Ordinal)).GroupBy(p => p.ActivityId).ToList();
            Assert.Equal(4, writes.Count);
            Assert.Equal(bench.Boards.Select(b => b.SerialNumber).Order(StringComparer.Ordinal),
                writes.Select(g => bench.Boards.Single(b => g.First().Activity.Contains(b.SerialNumber, StringComparison.Ordinal)).SerialNumber).Order(StringComparer.Ordinal));
            Assert.All(writes, g => Assert.Single(g.Select(p => p.Activity).Distinct()));
            Assert.All(writes, g => Assert.Equal(ProgressRecordType.Completed, g.Last().RecordType));
        }
        finally
        {
            gates.ForEach(g => g.Dispose());
        }
    }

    [Fact]
    public void A_board_that_drops_out_mid_flash_gives_its_error_in_its_place_and_the_others_finish()
    {
        FirmwareTools.Simulators.Dfu.VirtualStm32Bootloader dropping = bench.Boards.Single(b => b.SerialNumber == "LAB000000001");
        dropping.DisconnectAfterDownloadBytes = 40 * 1024;

        ScriptResult r = ps.Run(Install() + " 2>&1");

        Assert.Null(r.Terminating);
        Assert.Equal(4, r.Output.Count);
        Assert.Equal("LAB000000003", Assert.IsType<PyboardInstallResult>(r.Output[0].BaseObject).SerialNumber);
        ErrorRecord error = Assert.IsType<ErrorRecord>(r.Output[1].BaseObject);
        Assert.Contains("LAB000000001", error.TargetObject?.ToString(), StringComparison.Ordinal);
        Assert.EndsWith(",FirmwareTools.InstallPyboardFirmwareCommand", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal("LAB000000004", Assert.IsType<PyboardInstallResult>(r.Output[2].BaseObject).SerialNumber);
        Assert.Equal("LAB000000002", Assert.IsType<PyboardInstallResult>(r.Output[3].BaseObject).SerialNumber);
        foreach (var board in bench.Boards.Where(b => b != dropping))
        {
            Assert.Equal(text, TestFirmware.FlashAt(board, TestFirmware.TextAddress, text.Length));
        }
    }

    [Fact]
    public async Task Ctrl_C_during_a_parallel_flash_stops_every_board_writes_no_result_and_leaves_all_idle()
    {
        var gates = bench.Boards.Select(b => TransferGate.Write(b, afterBytes: 32 * 1024)).ToList();
        try
        {
            using RunningScript running = ps.Begin(Install());
            ScriptResult r = await running.StopWhileHeld(gates, Limit);

            Assert.Empty(r.Objects<PyboardInstallResult>());
            Assert.All(bench.Boards, b => Assert.Equal(BootloaderState.dfuIDLE, b.State));
            Assert.DoesNotContain(r.Progress, p => p.Activity.StartsWith("Verify ", StringComparison.Ordinal));

            // Issue 16, item 10: each stopped board is named as needing flashing again.
            Assert.All(bench.Boards, b => Assert.Contains(ps.Host.RecordingUI.Warnings, w => w.StartsWith($"Stopped while flashing 0483:df11 {b.SerialNumber}", StringComparison.Ordinal)));
        }
        finally
        {
            gates.ForEach(g => g.Dispose());
        }
    }

    [Fact]
    public void Each_board_is_confirmed_before_any_is_flashed_and_a_declined_board_is_left_alone()
    {
        foreach (string answer in new[] { "Y", "N", "Y", "Y" })
        {
            ps.Host.RecordingUI.Answers.Enqueue(answer);
        }

        ScriptResult r = ps.Run(Install("-Confirm")).AssertSucceeded();

        Assert.Equal(4, ps.Host.RecordingUI.Prompts.Count);
        Assert.Equal(["LAB000000003", "LAB000000004", "LAB000000002"], r.Objects<PyboardInstallResult>().Select(x => x.SerialNumber));
        Assert.DoesNotContain(bench.Boards.Single(b => b.SerialNumber == "LAB000000001").RequestLog, q => q.IsDownload);
    }
}
