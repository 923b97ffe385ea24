using System.Diagnostics;
using System.Globalization;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Simulators.Dfu;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Benchmarks;

/// <summary>
/// Benchmark (e), a lab re-flash: four virtual boards flashed in parallel through <see cref="BoardJobs{T}"/> (the
/// runner behind -ThrottleLimit), against one board alone through the same runner, on the timing-modelled simulators
/// (TimeScale 1.0, real time), in one run. Prints each group's time divided by the time of one alone; target &lt;= 1.3.
/// Each board is a fresh simulator; one alone is the median of three runs, the group of four the median of three
/// runs, so one unlucky scheduling slice on the shared machine does not decide the figure.
/// </summary>
internal static class LabBenchmark
{
    private const int Boards = 4;
    private const int Runs = 3;
    private const double Target = 1.3;

    public static int Run(string[] args)
    {
        bool quick = args.Contains("--quick");
        var image = quick ? new BenchmarkImage(4 * 1024, 28 * 1024) : new BenchmarkImage(14 * 1024, 114 * 1024);
        var settings = new VirtualStm32BootloaderSettings { TimeScale = 1.0 };
        Print($"Lab benchmark (e){(quick ? " (--quick)" : "")}: {Boards} boards flashed at once (-ThrottleLimit {Boards}) / one alone, median of {Runs} runs each");
        Print($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()} at start");

        var espJob = quick
            ? new Esp32BenchmarkJob((0x1000, 12_896), (0x8000, 3_072), (0x10000, 64_000))
            : new Esp32BenchmarkJob((0x1000, 12_896), (0x8000, 3_072), (0x10000, 256_000));
        var espSettings = new VirtualEsp32Settings { TimeScale = 1.0 };
        Print($"pyboard: {image.TotalLength} B image (two elements), DfuSeFlasher on the virtual STM32F405, verify off");
        Print($"ESP32:   {string.Join(" + ", espJob.Regions.Select(r => $"0x{r.Offset:X} {r.Data.Length} B"))}, Esp32Installer on the virtual ESP32 from download mode, switch to 921600, MD5-verified");
        string work = Directory.CreateTempSubdirectory("lab-bench-").FullName;
        try
        {
            // Untimed warm-up (JIT) on scaled-down simulators.
            Group(1, () => PyboardJob(new BenchmarkImage(1024, 1024), new VirtualStm32BootloaderSettings { TimeScale = 0.001 }));
            Group(1, () => Esp32Job(new Esp32BenchmarkJob((0x1000, 4096), (0x8000, 3072)), espSettings with { TimeScale = 0 }, work));

            bool ok = true;
            (double esp, bool espVerified) = Measure("ESP32s", () => Esp32Job(espJob, espSettings, work));
            (double pyb, bool pybVerified) = Measure("pyboards", () => PyboardJob(image, settings));
            ok &= espVerified && pybVerified && esp <= Target && pyb <= Target;
            Print("");
            Print($"(e) four at once / one alone: ESP32 {esp.ToString("0.000", CultureInfo.InvariantCulture)}, pyboard {pyb.ToString("0.000", CultureInfo.InvariantCulture)} (target <= {Target.ToString("0.0", CultureInfo.InvariantCulture)}): {(ok ? "met" : "MISSED")}");
            Print($"load average at end: {LoadAverage()}");
            return ok ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Times one board alone and <see cref="Boards"/> at once, prints both and the ratio.</summary>
    internal static (double Ratio, bool Verified) Measure(string name, Func<Func<OperationLog, IProgress<OperationProgress>, CancellationToken, bool>> job)
    {
        var alone = new List<TimeSpan>();
        var together = new List<TimeSpan>();
        bool verified = true;
        for (int i = 0; i < Runs; i++)
        {
            (TimeSpan a, bool va) = Group(1, job);
            (TimeSpan g, bool vg) = Group(Boards, job);
            alone.Add(a);
            together.Add(g);
            verified &= va && vg;
        }

        TimeSpan one = Median(alone);
        TimeSpan four = Median(together);
        double ratio = four.TotalSeconds / one.TotalSeconds;
        Print($"{name,-9} one alone {S(one)} ({string.Join(", ", alone.Select(S))})");
        Print($"{"",-9} {Boards} at once {S(four)} ({string.Join(", ", together.Select(S))})  {(verified ? "all verified" : "FLASH MISMATCH")}");
        Print($"{"",-9} ratio {Boards} at once / one alone: {ratio.ToString("0.000", CultureInfo.InvariantCulture)}  target <= {Target.ToString("0.0", CultureInfo.InvariantCulture)}: {(ratio <= Target ? "met" : "MISSED")}");
        return (ratio, verified);
    }

    /// <summary>Runs <paramref name="count"/> fresh boards through the runner at once; the time covers the whole group.</summary>
    private static (TimeSpan Elapsed, bool Verified) Group(int count, Func<Func<OperationLog, IProgress<OperationProgress>, CancellationToken, bool>> job)
    {
        var jobs = Enumerable.Range(0, count).Select(_ => job()).ToList();
        Stopwatch clock = Stopwatch.StartNew();
        IReadOnlyList<BoardJobOutcome<bool>> outcomes = new BoardJobs<bool>(count).Run(jobs, CancellationToken.None);
        clock.Stop();
        foreach (BoardJobOutcome<bool> outcome in outcomes.Where(o => o.Error != null))
        {
            Print($"          board {outcome.Index} failed: {outcome.Error!.Message}");
        }

        return (clock.Elapsed, outcomes.All(o => o.Succeeded && o.Value));
    }

    /// <summary>A pyboard as OursRun flashes it: the simulator is built before the clock starts; the job opens, erases, writes and verifies.</summary>
    private static Func<OperationLog, IProgress<OperationProgress>, CancellationToken, bool> PyboardJob(BenchmarkImage image, VirtualStm32BootloaderSettings settings)
    {
        var device = new VirtualStm32Bootloader(settings: settings);
        var bus = new VirtualUsbBus(device);
        DfuDevice dfu = DfuDeviceFinder.Find(bus).Single();
        DfuAlternateSetting flash = dfu.InternalFlash ?? throw new InvalidOperationException("the simulator shows no internal flash");
        var layouts = dfu.AlternateSettings.Where(a => a.MemoryLayout is not null).ToDictionary(a => a.Number, a => a.MemoryLayout!);
        var target = new DfuSeTarget(flash.Number, "ST...", image.Elements.Select(e => new DfuSeElement(e.Address, e.Data)));
        DfuSeFlashPlan plan = DfuSeFlashPlan.Create([target], layouts);
        return (log, progress, cancel) =>
        {
            using (bus)
            {
                var client = new DfuSeClient(dfu.UsbDevice, dfu.InterfaceNumber, flash.Number, dfu.TransferSize);
                client.Open();
                new DfuSeFlasher(client).Flash(plan, new DfuSeFlashOptions { Verify = false, NoReset = true }, progress, log, cancel);
                client.Close();
                return Program.Verify(device, image);
            }
        };
    }

    /// <summary>An ESP32 as Esp32OursRun flashes it (in download mode, switch to 921600, MD5-verified); the board and files are made before the clock starts.</summary>
    private static Func<OperationLog, IProgress<OperationProgress>, CancellationToken, bool> Esp32Job(Esp32BenchmarkJob job, VirtualEsp32Settings settings, string work)
    {
        var board = new VirtualEsp32Board(settings with { StartInDownloadMode = true });
        var link = new VirtualSerialLink("VIRTUAL-ESP32-" + Guid.NewGuid().ToString("N")[..8]);
        board.Attach(link);
        var regions = new List<Esp32Region>();
        foreach ((uint offset, byte[] data) in job.Regions)
        {
            string path = Path.Combine(work, $"{Guid.NewGuid():N}-{offset:x8}.bin");
            File.WriteAllBytes(path, data);
            regions.Add(new Esp32Region(offset, path));
        }

        Esp32InstallPreparation prepared = Esp32Installer.Prepare(new Esp32InstallRequest
        {
            Port = link.Host.PortName,
            Regions = regions,
            FlashBaudRate = 921600,
            Before = Esp32BeforeMode.NoReset,
            After = Esp32AfterMode.NoReset,
        });
        return (log, progress, cancel) =>
        {
            using (board)
            using (link.Host)
            {
                Esp32InstallResult result = Esp32Installer.Install(prepared, (_, _) => link.Host, progress, log, cancel);
                return job.Regions.All(r => board.Flash.Contents.AsSpan((int)r.Offset, r.Data.Length).SequenceEqual(r.Data)) && result.Regions.All(r => r.Verified);
            }
        };
    }

    private static TimeSpan Median(List<TimeSpan> runs) => runs.Order().ElementAt(runs.Count / 2);

    internal static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static void Print(string line) => Console.WriteLine(line);

    private static string S(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";
}
