using System.Diagnostics;
using System.Globalization;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.BoardUpdate;
using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Simulators.Lab;

namespace FirmwareTools.Benchmarks;

/// <summary>
/// Benchmarks (g) and (h) of issue 19, Update-Firmware's operation on the timing-modelled virtual lab (every simulator
/// at TimeScale 1.0, the lab's re-enumeration delays from <see cref="LabBoardSettings.Realistic"/>, the operation's own
/// default waits and polling, files about as long as the real downloads): (g) a mixed lab of N boards (pyboard, ESP32 DevKit, Pico, Pico 2, ESP32-S3
/// on native USB, ESP32-C3 on its USB-Serial/JTAG in turn) updated at
/// -ThrottleLimit N, divided by the slowest kind's single board updated alone, for N = 4 and 8 (target &lt;= 1.2);
/// (h) the second, idempotent run of the 8-board lab divided by its first (target &lt;= 0.05). Each lab is fresh and
/// starts on v1.22.2; the files come from a loopback firmware site into one cache, filled by an untimed warm-up.
/// </summary>
internal static class UpdateLabBenchmark
{
    private const double TargetG = 1.2;
    private const double TargetH = 0.05;
    private static readonly LabBoardKind[] Kinds = [LabBoardKind.Pyboard, LabBoardKind.Esp32, LabBoardKind.Pico, LabBoardKind.Pico2, LabBoardKind.Esp32S3, LabBoardKind.Esp32C3];

    public static int Run(string[] args)
    {
        Print("Update-Firmware benchmarks (g) and (h): the lab update against the timing-modelled virtual lab");
        Print($"machine: {Environment.ProcessorCount} cores, load average {LabBenchmark.LoadAverage()} at start");
        using var site = new LabFirmwareSite(fullSize: true);
        using var http = new FirmwareHttp(new FirmwareHttpOptions { AllowHttp = true });
        string cache = Directory.CreateTempSubdirectory("update-bench-").FullName;
        try
        {
            var catalog = new MicroPythonFirmwareCatalog(http, site.Root);

            // Untimed warm-up: JIT, and every file into the cache, on a lab without modelled time.
            Update(Kinds, catalog, cache, realistic: false);

            var alone = new Dictionary<LabBoardKind, TimeSpan>();
            foreach (LabBoardKind kind in Kinds)
            {
                (TimeSpan t, bool ok) = Update([kind], catalog, cache, realistic: true);
                alone[kind] = t;
                Print($"  {kind,-8} alone: {Seconds(t)} s{(ok ? string.Empty : " (NOT all updated)")}");
            }

            TimeSpan slowest = alone.Values.Max();
            bool met = true;
            foreach (int n in new[] { 4, 8 })
            {
                LabBoardKind[] lab = Enumerable.Range(0, n).Select(i => Kinds[i % Kinds.Length]).ToArray();
                (TimeSpan t, bool ok) = Update(lab, catalog, cache, realistic: true);
                double g = t.TotalSeconds / slowest.TotalSeconds;
                met &= ok && g <= TargetG;
                Print($"(g) N={n}: {Seconds(t)} s at -ThrottleLimit {n} / slowest alone {Seconds(slowest)} s = {g.ToString("0.000", CultureInfo.InvariantCulture)} (target <= {TargetG.ToString("0.0", CultureInfo.InvariantCulture)}){(ok ? string.Empty : ", NOT all updated")}");
            }

            LabBoardKind[] eight = Enumerable.Range(0, 8).Select(i => Kinds[i % Kinds.Length]).ToArray();
            using (var lab = Build(eight, realistic: true))
            {
                (TimeSpan first, bool firstOk) = Run(lab, catalog, cache);
                (TimeSpan second, bool secondOk) = Run(lab, catalog, cache, expect: BoardUpdateAction.AlreadyCurrent);
                double h = second.TotalSeconds / first.TotalSeconds;
                met &= firstOk && secondOk && h <= TargetH;
                Print($"(h) second run / first, N=8: {Seconds(second)} s / {Seconds(first)} s = {h.ToString("0.000", CultureInfo.InvariantCulture)} (target <= {TargetH.ToString("0.00", CultureInfo.InvariantCulture)}){(secondOk ? string.Empty : ", NOT all AlreadyCurrent")}");
            }

            Print($"load average at end: {LabBenchmark.LoadAverage()}; targets {(met ? "met" : "MISSED")}");
            return met ? 0 : 1;
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    private static (TimeSpan Time, bool AllUpdated) Update(LabBoardKind[] kinds, IFirmwareCatalog catalog, string cache, bool realistic)
    {
        using VirtualLab lab = Build(kinds, realistic);
        return Run(lab, catalog, cache);
    }

    private static VirtualLab Build(LabBoardKind[] kinds, bool realistic)
    {
        var lab = new VirtualLab();
        foreach (LabBoardKind kind in kinds)
        {
            LabBoardSettings settings = realistic ? LabBoardSettings.Realistic() : new LabBoardSettings { TimeScale = 0 };
            string version = LabFirmware.Releases[0].Version;
            _ = kind switch
            {
                LabBoardKind.Pyboard => (LabBoard)lab.AddPyboard(version, settings),
                LabBoardKind.Esp32 => lab.AddEsp32(version, settings),
                LabBoardKind.Pico => lab.AddPico(Rp2Chip.Rp2040, version, settings),
                LabBoardKind.Esp32S3 => lab.AddEsp32S3(version, settings),
                LabBoardKind.Esp32C3 => lab.AddEsp32C3(version, settings),
                _ => lab.AddPico(Rp2Chip.Rp2350, version, settings),
            };
        }

        return lab;
    }

    /// <summary>Plans and runs every board of the lab at -ThrottleLimit N, as the cmdlet does; the wall time of it all.</summary>
    private static (TimeSpan Time, bool AsExpected) Run(VirtualLab lab, IFirmwareCatalog catalog, string cache, BoardUpdateAction expect = BoardUpdateAction.Updated)
    {
        var world = new BoardUpdateWorld(lab.Open, () => lab.Bus, catalog) { ListPorts = lab.ListPorts };
        var updater = new BoardUpdater(world);
        var request = new BoardUpdateRequest { Version = LabFirmware.Releases[1].Version, CacheFolder = cache };
        var jobs = lab.Boards.Select(b => (Func<OperationLog, IProgress<OperationProgress>, CancellationToken, BoardUpdateResult>)((log, progress, cancel) =>
            updater.Run(new BoardUpdateContext(updater.Plan(b.PortName, request, log, cancel)) { Log = log, Progress = progress }, request, cancel))).ToList();
        var clock = Stopwatch.StartNew();
        IReadOnlyList<BoardJobOutcome<BoardUpdateResult>> outcomes = new BoardJobs<BoardUpdateResult>(jobs.Count).Run(jobs, CancellationToken.None);
        clock.Stop();
        foreach (BoardJobOutcome<BoardUpdateResult> o in outcomes.Where(o => o.Error != null))
        {
            Print($"  {lab.Boards[o.Index].PortName}: {o.Error!.Message}");
        }

        return (clock.Elapsed, outcomes.All(o => o.Value?.Action == expect));
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    private static void Print(string line) => Console.WriteLine(line);
}
