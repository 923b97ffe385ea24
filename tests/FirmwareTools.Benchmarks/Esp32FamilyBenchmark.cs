using System.Globalization;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Simulators.Esp32;

namespace FirmwareTools.Benchmarks;

/// <summary>
/// `dotnet run --project tests/FirmwareTools.Benchmarks -c Release -- esp32-family [--quick]`: ratios (a) and (b) of
/// the ESP32 benchmark (Esp32Benchmark) for each later chip on its timing-modelled virtual board (TimeScale 1.0): the
/// WiPy-shaped job with the bootloader at the chip's offset and the chip's id in every image header; (a) ours at a fixed
/// 115200 baud against the modelled floor, (b) ours with the switch to 921600 against esptool-js 0.7.0 writing the same
/// job at 115200 (with tests/peers/esp32-flash.js's workarounds, docs/protocols/esp32-family.md §7.2). Printed per chip.
/// </summary>
internal static class Esp32FamilyBenchmark
{
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromMinutes(10);

    private static readonly (VirtualEsp32ChipKind Kind, string Name, int ChipId, uint Bootloader)[] Chips =
    [
        (VirtualEsp32ChipKind.Esp32S2, "ESP32-S2", 2, 0x1000),
        (VirtualEsp32ChipKind.Esp32S3, "ESP32-S3", 9, 0x0),
        (VirtualEsp32ChipKind.Esp32C3, "ESP32-C3", 5, 0x0),
        (VirtualEsp32ChipKind.Esp32C6, "ESP32-C6", 13, 0x0),
    ];

    public static int Run(string[] args)
    {
        bool quick = args.Contains("--quick");
        bool ok = true;
        Print($"FirmwareTools ESP32-family benchmark{(quick ? " (--quick)" : "")}: the WiPy-shaped job per chip, virtual ROMs at TimeScale 1.0");
        Esp32OursRun.Flash(new Esp32BenchmarkJob((0x1000, 4096), (0x8000, 3072)), new VirtualEsp32Settings { TimeScale = 0 }, 921600);
        foreach ((VirtualEsp32ChipKind kind, string name, int chipId, uint bootloader) in Chips)
        {
            Esp32BenchmarkJob job = Esp32BenchmarkJob.WiPyShaped(chipId, bootloader, quick);
            VirtualEsp32Settings settings = VirtualEsp32Settings.ForChip(kind, new VirtualEsp32Settings { TimeScale = 1.0 });
            Esp32Floor floor = Esp32Floor.For(job, 115200, settings);
            Print("");
            Print($"{name}: {string.Join(" + ", job.Regions.Select(r => $"0x{r.Offset:X} {r.Data.Length} B"))}; floor at 115200 {S(floor.Total)}");

            (TimeSpan fixedBaud, bool landedA, Esp32InstallResult resultA, _) = Esp32OursRun.Flash(job, settings, 115200);
            double a = fixedBaud.TotalSeconds / floor.Total.TotalSeconds;
            ok &= landedA && a <= 1.05;
            Print($"  (a) ours at 115200           {S(fixedBaud)} / floor {S(floor.Total)} = {a:0.000}  (target <= 1.05) {(landedA ? "flash verified" : "FLASH MISMATCH")} ({resultA.Chip})");

            (TimeSpan switched, bool landedB, Esp32InstallResult resultB, _) = Esp32OursRun.Flash(job, settings, 921600);
            ok &= landedB && resultB.BaudRate == 921600;
            try
            {
                EsptoolJsRun peer = EsptoolJsRun.Flash(job.Regions, 115200, settings, PeerTimeout);
                double b = switched.TotalSeconds / peer.FlashTime.TotalSeconds;
                ok &= b <= 0.2;
                Print($"      ours with switch to {resultB.BaudRate} {S(switched)}; esptool-js 0.7.0 at 115200 {S(peer.FlashTime)}");
                Print($"  (b) ours@921600 / esptool-js@115200 = {b:0.000}  (target <= 0.2)");
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                ok = false;
                Print($"  (b) esptool-js failed: {e.Message}");
            }
        }

        return ok ? 0 : 1;
    }

    private static void Print(string line) => Console.WriteLine(line);

    private static string S(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";
}
