using System.Diagnostics;
using System.Globalization;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Rp2Board;
using FirmwareTools.Simulators.Rp2;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Benchmarks;

/// <summary>
/// `rp2 [--quick] [--runs N]`: a 700 KiB MicroPython-sized UF2 written by Install-Rp2Firmware's operation over PICOBOOT
/// (erase the touched sectors, write, read everything back, reboot) on the timing-modelled virtual RP2040 and RP2350 (the
/// realistic column of docs/protocols/rp2-uf2-picoboot.md: 45 ms per 4 KiB erase, 0.4 ms per 256-byte page, full-speed bulk 64 B × 19 per ms; TimeScale
/// 1.0, so every time is real), divided by the modelled floor: erase + program + the bulk time of every byte that must
/// cross the bus (written, then read back to verify). Also printed against the floor without the read-back. Target: at most 1.10.
/// </summary>
internal static class Rp2Benchmark
{
    private const double Target = 1.10;

    public static int Run(string[] args)
    {
        bool quick = args.Contains("--quick");
        int runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(1);
        int length = quick ? 64 * 1024 : 700 * 1024;
        Console.WriteLine($"FirmwareTools RP2 benchmark{(quick ? " (--quick)" : string.Empty)}: {length / 1024} KiB UF2 over PICOBOOT, median of {runs} run(s) per chip");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()} (the simulator waits in real time)");

        // One small untimed install first, so the figures measure the protocol and not the JIT compiler.
        Install(Rp2Chip.Rp2040, 8 * 1024, new VirtualRp2Settings { Chip = Rp2Chip.Rp2040 });

        bool allGood = true;
        foreach (Rp2Chip chip in new[] { Rp2Chip.Rp2040, Rp2Chip.Rp2350 })
        {
            VirtualRp2Settings settings = VirtualRp2Settings.Realistic(chip);
            settings.TimeScale = 1.0;
            var times = new List<TimeSpan>();
            bool verified = true;
            int sectors = 0;
            for (int i = 0; i < runs; i++)
            {
                (TimeSpan elapsed, bool ok, int erased) = Install(chip, length, settings);
                times.Add(elapsed);
                verified &= ok;
                sectors = erased;
            }

            int pages = (length + 255) / 256;
            double rate = settings.BulkBytesPerSecond!.Value;
            TimeSpan erase = settings.SectorEraseTime * sectors;
            TimeSpan program = settings.PageProgramTime * pages;
            TimeSpan write = TimeSpan.FromSeconds(pages * 256.0 / rate);
            TimeSpan readBack = TimeSpan.FromSeconds(sectors * 4096.0 / rate);
            TimeSpan floor = erase + program + write + readBack;
            TimeSpan median = times.Order().ElementAt(times.Count / 2);
            double ratio = median.TotalSeconds / floor.TotalSeconds;
            bool met = ratio <= Target;
            allGood &= verified && met;
            Console.WriteLine();
            Console.WriteLine($"{chip.ToString().ToUpperInvariant()}: floor erase {sectors} x 45 ms {S(erase)} + program {pages} pages {S(program)} + bulk write {S(write)} + bulk read-back {S(readBack)} = {S(floor)}");
            Console.WriteLine($"  elapsed {S(median)} (runs: {string.Join(", ", times.Select(S))})  x floor {ratio:0.000}  (target <= {Target:0.00}: {(met ? "met" : "NOT MET")})  " +
                              $"x floor without read-back {median.TotalSeconds / (floor - readBack).TotalSeconds:0.000}  {(verified ? "flash verified" : "FLASH MISMATCH")}");
        }

        return allGood ? 0 : 1;
    }

    private static (TimeSpan Elapsed, bool Verified, int Sectors) Install(Rp2Chip chip, int length, VirtualRp2Settings settings)
    {
        string file = Path.Combine(Path.GetTempPath(), $"rp2-bench-{Environment.ProcessId}.uf2");
        File.WriteAllBytes(file, Rp2FirmwareImages.Uf2(chip, length));
        try
        {
            settings.Reenumerate = false;
            var rom = new VirtualRp2BootRom(settings);
            using var bus = new VirtualUsbBus(rom);
            Rp2Device device = Rp2DeviceFinder.Find(bus, drives: _ => []).Single();
            Rp2InstallPreparation prepared = Rp2Installer.Prepare(device, new Rp2InstallRequest { Path = file });
            var clock = Stopwatch.StartNew();
            Rp2InstallResult result = Rp2Installer.Install(prepared, bus);
            TimeSpan elapsed = clock.Elapsed;
            bool same = rom.Flash.Read(0x10000000, length).AsSpan().SequenceEqual(Rp2FirmwareImages.Bootable(chip, length));
            return (elapsed, result.Verified && same, result.SectorsErased);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string LoadAverage()
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

    private static string S(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";
}
