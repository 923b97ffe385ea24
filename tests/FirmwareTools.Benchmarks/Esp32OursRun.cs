using System.Diagnostics;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;

namespace FirmwareTools.Benchmarks;

/// <summary>
/// Our Esp32Installer on a fresh virtual ESP32 over the in-process serial link, started in download mode like the
/// esptool-js run (-Before NoReset, -After NoReset). Timed from Install's call to its return: connect, sync, detection,
/// the baud switch, every region written and MD5-verified.
/// </summary>
internal static class Esp32OursRun
{
    public static (TimeSpan Elapsed, bool Landed, Esp32InstallResult Result, long PeakManagedBytes) Flash(Esp32BenchmarkJob job, VirtualEsp32Settings settings, int flashBaud, bool samplePeak = false, bool trace = false)
    {
        string work = Directory.CreateTempSubdirectory("esp32-bench-").FullName;
        using var board = new VirtualEsp32Board(settings with { StartInDownloadMode = true });
        var link = new VirtualSerialLink("VIRTUAL-ESP32");
        board.Attach(link);
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
                Port = link.Host.PortName,
                Regions = regions,
                FlashBaudRate = flashBaud,
                Before = Esp32BeforeMode.NoReset,
                After = Esp32AfterMode.NoReset,
            };
            Esp32InstallPreparation prepared = Esp32Installer.Prepare(request);
            long baseline = GC.GetTotalMemory(forceFullCollection: true);
            using var sampler = samplePeak ? new PeakSampler() : null;
            var clock = Stopwatch.StartNew();
            Esp32InstallResult result = Esp32Installer.Install(prepared, (_, _) => link.Host, null,
                trace ? (level, message) => Console.WriteLine($"  {clock.Elapsed.TotalMilliseconds,9:0.0} ms {level}: {message}") : null);
            clock.Stop();
            long peak = sampler?.Stop() ?? 0;
            bool landed = job.Regions.All(r => board.Flash.Contents.AsSpan((int)r.Offset, r.Data.Length).SequenceEqual(r.Data)) && result.Regions.All(r => r.Verified);
            return (clock.Elapsed, landed, result, Math.Max(0, peak - baseline));
        }
        finally
        {
            link.Host.Dispose();
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Samples live managed memory (after a full collection) every 20 ms on a background thread.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly Thread thread;
        private volatile bool stop;
        private long peak;

        public PeakSampler()
        {
            thread = new Thread(() =>
            {
                while (!stop)
                {
                    long now = GC.GetTotalMemory(forceFullCollection: true);
                    if (now > Interlocked.Read(ref peak))
                    {
                        Interlocked.Exchange(ref peak, now);
                    }

                    Thread.Sleep(20);
                }
            }) { IsBackground = true };
            thread.Start();
        }

        public long Stop()
        {
            stop = true;
            thread.Join();
            return Interlocked.Read(ref peak);
        }

        public void Dispose() => Stop();
    }
}
