using System.Management.Automation;
using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>
/// A lab re-flash of ESP32s: four virtual ESP32s served as rfc2217:// with -ThrottleLimit 4. Overlap is proven with
/// gates (every board holds its first compressed data block until all four are holding theirs), never with timing.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ParallelEsp32Tests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly List<VirtualEsp32Server> servers = [];
    private readonly PowerShellSession ps = new();
    private readonly byte[] firmware = Esp32InstallTests.Image(64 * 1024 - 0x1000, seed: 7, trailer: 0x1000);

    public ParallelEsp32Tests()
    {
        for (int i = 0; i < 4; i++)
        {
            servers.Add(new VirtualEsp32Server(new VirtualEsp32Board(new VirtualEsp32Settings { TimeScale = 0 }), SerialTcpServerMode.Rfc2217));
        }

        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "ESP32_GENERIC-20240222-v1.22.2.bin"), firmware);

        // The ports in an order unlike the servers', so "input order" cannot be creation order by accident.
        ps.SetVariable("ports", InputOrder.Select(i => servers[i].Url).ToArray());
    }

    /// <summary>The servers' indexes in the order the ports are given.</summary>
    private static int[] InputOrder => [2, 0, 3, 1];

    private static string Install(string extra = "-Confirm:$false") =>
        $"Install-Esp32Firmware -Port $ports -Path ./ESP32_GENERIC-20240222-v1.22.2.bin -ThrottleLimit 4 {extra}";

    public void Dispose()
    {
        ps.Dispose();
        foreach (VirtualEsp32Server server in servers)
        {
            server.Dispose();
            server.Board.Dispose();
        }
    }

    private bool Landed(VirtualEsp32Server server) => server.Board.Flash.Contents.AsSpan(0x1000, firmware.Length).SequenceEqual(firmware);

    [Fact]
    public void Four_ESP32s_are_flashed_at_once_each_with_its_own_progress_and_results_in_input_order()
    {
        var gates = servers.Select(s => TransferGate.FlashData(s.Board, afterBlocks: 0)).ToList();
        try
        {
            using RunningScript running = ps.Begin(Install());
            foreach (TransferGate gate in gates)
            {
                Assert.True(gate.WaitReached(Limit), "a board's write never started while the others were held");
            }

            // All four are held in their first data block at the same moment: they overlap.
            foreach (TransferGate gate in Enumerable.Reverse(gates))
            {
                gate.Release();
            }

            ScriptResult r = running.Complete().AssertSucceeded();

            var results = r.Objects<Esp32InstallResult>();
            Assert.Equal(InputOrder.Select(i => servers[i].Url), results.Select(x => x.Port));
            Assert.All(results, x => Assert.True(Assert.Single(x.Regions).Verified));
            Assert.All(servers, s => Assert.True(Landed(s)));

            var writes = r.Progress.Where(p => p.Activity.StartsWith("Write ", StringComparison.Ordinal)).GroupBy(p => p.ActivityId).ToList();
            Assert.Equal(4, writes.Count);
            Assert.Equal(servers.Select(s => s.Url).Order(StringComparer.Ordinal),
                writes.Select(g => servers.Single(s => g.First().Activity.Contains(s.Url, StringComparison.Ordinal)).Url).Order(StringComparer.Ordinal));
            Assert.All(writes, g => Assert.Equal(ProgressRecordType.Completed, g.Last().RecordType));
        }
        finally
        {
            gates.ForEach(g => g.Dispose());
        }
    }

    [Fact]
    public void An_ESP32_that_drops_out_mid_flash_gives_its_error_in_its_place_and_the_others_finish()
    {
        VirtualEsp32Server dropping = servers[0];
        dropping.Board.Faults.DisconnectAfterFlashDataBytes = 8 * 1024;

        ScriptResult r = ps.Run(Install() + " 2>&1");

        Assert.Null(r.Terminating);
        Assert.Equal(4, r.Output.Count);
        Assert.Equal(servers[2].Url, Assert.IsType<Esp32InstallResult>(r.Output[0].BaseObject).Port);
        ErrorRecord error = Assert.IsType<ErrorRecord>(r.Output[1].BaseObject);
        Assert.Contains(dropping.Url, error.ToString() + " " + error.TargetObject, StringComparison.Ordinal);
        Assert.EndsWith(",FirmwareTools.InstallEsp32FirmwareCommand", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(servers[3].Url, Assert.IsType<Esp32InstallResult>(r.Output[2].BaseObject).Port);
        Assert.Equal(servers[1].Url, Assert.IsType<Esp32InstallResult>(r.Output[3].BaseObject).Port);
        Assert.All(servers.Skip(1), s => Assert.True(Landed(s)));
    }

    [Fact]
    public async Task Ctrl_C_during_a_parallel_ESP32_flash_stops_every_board_and_writes_no_result()
    {
        var gates = servers.Select(s => TransferGate.FlashData(s.Board, afterBlocks: 0)).ToList();
        try
        {
            using RunningScript running = ps.Begin(Install());
            ScriptResult r = await running.StopWhileHeld(gates, Limit);

            Assert.Empty(r.Objects<Esp32InstallResult>());
            Assert.All(servers, s => Assert.DoesNotContain(s.Board.Commands, c => c.Opcode == Esp32RomOpcode.SPI_FLASH_MD5));
            Assert.All(servers, s => Assert.False(Landed(s)));
        }
        finally
        {
            gates.ForEach(g => g.Dispose());
        }
    }

    [Fact]
    public void Each_port_is_confirmed_before_any_is_flashed_and_a_declined_port_is_not_opened()
    {
        foreach (string answer in new[] { "Y", "N", "Y", "Y" })
        {
            ps.Host.RecordingUI.Answers.Enqueue(answer);
        }

        ScriptResult r = ps.Run(Install("-Confirm")).AssertSucceeded();

        Assert.Equal(4, ps.Host.RecordingUI.Prompts.Count);
        Assert.Equal(new[] { 2, 3, 1 }.Select(i => servers[i].Url), r.Objects<Esp32InstallResult>().Select(x => x.Port));
        Assert.Equal(0, servers[0].ClientsAccepted);
    }
}
