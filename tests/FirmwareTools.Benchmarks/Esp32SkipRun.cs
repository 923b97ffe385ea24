using System.Diagnostics;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;

namespace FirmwareTools.Benchmarks;

/// <summary>
/// Ratio (c) of issue 8: on one timing-modelled virtual ESP32, the full flash of the WiPy job with the baud switch, then a
/// re-flash of the same, unchanged job with -SkipUnchanged (each region's MD5 asked from the chip, nothing written). Both
/// are timed from Install's call to its return (connect, sync, detection, baud switch, regions, MD5s).
/// </summary>
internal static class Esp32SkipRun
{
    public static (TimeSpan Full, TimeSpan Skip, bool Landed, bool AllSkipped) Measure(Esp32BenchmarkJob job, VirtualEsp32Settings settings, int flashBaud)
    {
        string work = Directory.CreateTempSubdirectory("esp32-skip-").FullName;
        using var board = new VirtualEsp32Board(settings with { StartInDownloadMode = true });
        try
        {
            var regions = new List<Esp32Region>();
            foreach ((uint offset, byte[] data) in job.Regions)
            {
                string path = Path.Combine(work, $"{offset:x8}.bin");
                File.WriteAllBytes(path, data);
                regions.Add(new Esp32Region(offset, path));
            }

            var request = new Esp32InstallRequest
            {
                Port = "VIRTUAL-ESP32",
                Regions = regions,
                FlashBaudRate = flashBaud,
                Before = Esp32BeforeMode.NoReset,
                After = Esp32AfterMode.NoReset,
            };
            (TimeSpan full, Esp32InstallResult first) = Timed(board, Esp32Installer.Prepare(request));
            bool landed = job.Regions.All(r => board.Flash.Contents.AsSpan((int)r.Offset, r.Data.Length).SequenceEqual(r.Data)) && first.Regions.All(r => r.Verified);
            (TimeSpan skip, Esp32InstallResult second) = Timed(board, Esp32Installer.Prepare(request with { SkipUnchanged = true }));
            bool allSkipped = second.Regions.All(r => r.Action == Esp32RegionAction.Skipped);
            return (full, skip, landed, allSkipped);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static (TimeSpan, Esp32InstallResult) Timed(VirtualEsp32Board board, Esp32InstallPreparation prepared)
    {
        var link = new VirtualSerialLink("VIRTUAL-ESP32");
        board.Attach(link);
        try
        {
            var clock = Stopwatch.StartNew();
            Esp32InstallResult result = Esp32Installer.Install(prepared, (_, _) => link.Host);
            return (clock.Elapsed, result);
        }
        finally
        {
            link.Host.Dispose();
        }
    }
}
