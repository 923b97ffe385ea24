using System.Globalization;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Simulators.Esp32;

namespace FirmwareTools.Benchmarks;

/// <summary>
/// `dotnet run --project tests/FirmwareTools.Benchmarks -c Release -- esp32`: the ESP32 ROM-loader figures of issue 7,
/// measured in one run on the timing-modelled virtual ESP32 (TimeScale 1.0, every time real):
/// (a) our WiPy-shaped job at a fixed 115200 baud against the modelled floor; (b) the same job with the switch to
/// 921600 against esptool-js 0.7.0 writing it at 115200 on the same simulator; (c, issue 8) a re-flash of the unchanged
/// job with -SkipUnchanged against its full flash with the switch (`-- esp32-skip` runs (c) alone); (d) managed peak memory for a 1 MiB and a
/// 16 MiB image (timing model off). `--quick` shrinks the job for a smoke check.
/// </summary>
internal static class Esp32Benchmark
{
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromMinutes(10);

    public static int Run(string[] args)
    {
        bool quick = args.Contains("--quick");
        Esp32BenchmarkJob job = quick ? new Esp32BenchmarkJob((0x1000, 12_896), (0x8000, 3_072), (0x10000, 64_000)) : Esp32BenchmarkJob.WiPy();
        var settings = new VirtualEsp32Settings { TimeScale = 1.0 };
        Esp32Floor floor = Esp32Floor.For(job, 115200, settings);
        Print($"FirmwareTools ESP32 benchmark{(quick ? " (--quick)" : "")}: {string.Join(" + ", job.Regions.Select(r => $"0x{r.Offset:X} {r.Data.Length} B"))}");
        Print($"compressed (zlib 9): {floor.CompressedBytes} B of {job.TotalLength} B = {(double)floor.CompressedBytes / job.TotalLength:0.000}; {floor.Blocks} FLASH_DEFL_DATA frames, {floor.WireBytes} B on the wire");
        Print($"simulator: virtual ESP32 ROM, TimeScale 1.0, erase {settings.SectorEraseTime.TotalMilliseconds} ms/sector, program {settings.ProgramTimePerByte.TotalMilliseconds * 1000:0.##} us/byte, 10 bits/byte on the wire");
        Print($"floor at 115200: wire {S(floor.Wire)} + erase {S(floor.Erase)} + program {S(floor.Program)} = {S(floor.Total)}");
        Print("");

        bool ok = true;

        // Untimed warm-up so the first figure measures the protocol, not the JIT.
        Esp32OursRun.Flash(new Esp32BenchmarkJob((0x1000, 4096), (0x8000, 3072)), settings with { TimeScale = 0 }, 921600);

        (TimeSpan fixedBaud, bool landedA, _, _) = Esp32OursRun.Flash(job, settings, 115200);
        double a = fixedBaud.TotalSeconds / floor.Total.TotalSeconds;
        ok &= landedA && a <= 1.05;
        Print($"(a) ours at 115200                 {S(fixedBaud)}  / floor {S(floor.Total)} = {a:0.000}  (target <= 1.05) {(landedA ? "flash verified" : "FLASH MISMATCH")}");

        (TimeSpan switched, bool landedB, Esp32InstallResult resultB, _) = Esp32OursRun.Flash(job, settings, 921600);
        Print($"    ours with switch to {resultB.BaudRate,-7}     {S(switched)}  {(landedB ? "flash verified" : "FLASH MISMATCH")}");
        ok &= landedB && resultB.BaudRate == 921600;
        try
        {
            EsptoolJsRun peer = EsptoolJsRun.Flash(job.Regions, 115200, settings, PeerTimeout);
            double b = switched.TotalSeconds / peer.FlashTime.TotalSeconds;
            ok &= b <= 0.2;
            Print($"    esptool-js 0.7.0 at 115200       {S(peer.FlashTime)}  (writeFlash {S(peer.WriteTime)} + MD5 checks)");
            Print($"(b) ours@921600 / esptool-js@115200 = {b:0.000}  (target <= 0.2)");
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            ok = false;
            Print($"(b) esptool-js failed: {e.Message}");
        }

        ok &= MeasureSkip(job, settings);

        int small = quick ? 256 * 1024 : 1024 * 1024;
        int large = quick ? 4 * 1024 * 1024 : 16 * 1024 * 1024 - 0x20000;
        var instant = settings with { TimeScale = 0, JedecId = 0x1840EF, FlashSize = 16 * 1024 * 1024 };
        long peakSmall = Esp32OursRun.Flash(new Esp32BenchmarkJob((0x10000, small)), instant, 921600, samplePeak: true).PeakManagedBytes;
        long peakLarge = Esp32OursRun.Flash(new Esp32BenchmarkJob((0x10000, large)), instant, 921600, samplePeak: true).PeakManagedBytes;
        double d = (double)peakLarge / Math.Max(1, peakSmall);
        Print($"(d) managed peak above baseline: {Mib(small)} image {Mib(peakSmall)}, {Mib(large)} image {Mib(peakLarge)}: ratio {d:0.00} for {(double)large / small:0.0}x the data (flat = about 1)");
        Print("");
        Print("notes: ours is timed around Esp32Installer.Install (connect, sync, detection, baud switch, every region written and");
        Print("       MD5-verified); esptool-js's time is what esp32-flash.js measured around writeFlash and the MD5 checks (node");
        Print("       start-up, connecting and detection excluded). Both run the ROM loader, compressed, on a board in download mode.");
        Print("       Peak memory: live managed bytes after full collections, sampled every 20 ms, minus the baseline with the");
        Print("       simulator's 16 MiB flash already allocated.");
        return ok ? 0 : 1;
    }

    /// <summary>`-- esp32-skip`: ratio (c) alone.</summary>
    public static int RunSkip(string[] args)
    {
        Esp32BenchmarkJob job = args.Contains("--quick") ? new Esp32BenchmarkJob((0x1000, 12_896), (0x8000, 3_072), (0x10000, 64_000)) : Esp32BenchmarkJob.WiPy();
        Print($"FirmwareTools ESP32 -SkipUnchanged benchmark: {string.Join(" + ", job.Regions.Select(r => $"0x{r.Offset:X} {r.Data.Length} B"))}, virtual ESP32 ROM, TimeScale 1.0");
        Esp32OursRun.Flash(new Esp32BenchmarkJob((0x1000, 4096), (0x8000, 3072)), new VirtualEsp32Settings { TimeScale = 0 }, 921600);
        return MeasureSkip(job, new VirtualEsp32Settings { TimeScale = 1.0 }) ? 0 : 1;
    }

    /// <summary>
    /// `-- esp32-trace`: our flash of the job with the switch to 921600 alone, printing the installer's log with the
    /// time of each line, and the modelled floor at 921600, to see where the time beyond the floor goes.
    /// </summary>
    public static int RunTrace(string[] args)
    {
        Esp32BenchmarkJob job = args.Contains("--quick") ? new Esp32BenchmarkJob((0x1000, 12_896), (0x8000, 3_072), (0x10000, 64_000)) : Esp32BenchmarkJob.WiPy();
        var settings = new VirtualEsp32Settings { TimeScale = 1.0 };
        Esp32OursRun.Flash(new Esp32BenchmarkJob((0x1000, 4096), (0x8000, 3072)), settings with { TimeScale = 0 }, 921600);
        Esp32Floor floor = Esp32Floor.For(job, 921600, settings);
        (TimeSpan elapsed, bool landed, _, _) = Esp32OursRun.Flash(job, settings, 921600, trace: true);
        Print($"ours with switch to 921600 {S(elapsed)}; floor at 921600: wire {S(floor.Wire)} + erase {S(floor.Erase)} + program {S(floor.Program)} = {S(floor.Total)}; {(landed ? "flash verified" : "FLASH MISMATCH")}");
        return landed ? 0 : 1;
    }

    private static bool MeasureSkip(Esp32BenchmarkJob job, VirtualEsp32Settings settings)
    {
        (TimeSpan full, TimeSpan skip, bool landed, bool allSkipped) = Esp32SkipRun.Measure(job, settings, 921600);
        double c = skip.TotalSeconds / full.TotalSeconds;
        Print($"    full flash with switch to 921600 {S(full)}  {(landed ? "flash verified" : "FLASH MISMATCH")}");
        Print($"    re-flash unchanged, -SkipUnchanged {S(skip)}  {(allSkipped ? "every region Skipped" : "SOME REGION WRITTEN")}");
        Print($"(c) -SkipUnchanged re-flash / full flash = {c:0.000}  (target <= 0.1)");
        return landed && allSkipped && c <= 0.1;
    }

    private static void Print(string line) => Console.WriteLine(line);

    private static string S(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.00", CultureInfo.InvariantCulture) + " MiB";
}
