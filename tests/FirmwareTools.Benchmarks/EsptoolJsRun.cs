using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;

namespace FirmwareTools.Benchmarks;

/// <summary>
/// Runs tests/peers/esp32-flash.js (esptool-js 0.7.0, ROM loader, compressed, no stub and no baud change) against a
/// fresh virtual ESP32 served on loopback TCP at <c>baud</c>, and returns the times the script measured itself:
/// <see cref="WriteTime"/> (esptool-js's writeFlash) and <see cref="FlashTime"/> (plus the MD5 check of every region).
/// Node start-up, connecting and chip detection are left out. The board is returned so the caller can check the flash.
/// </summary>
internal sealed record EsptoolJsRun(TimeSpan WriteTime, TimeSpan FlashTime, IReadOnlyList<string> Md5, VirtualEsp32Board Board)
{
    /// <summary>Flashes <paramref name="regions"/> (flash offset, bytes) on a board built from <paramref name="settings"/>.</summary>
    public static EsptoolJsRun Flash(IReadOnlyList<(uint Offset, byte[] Data)> regions, int baud, VirtualEsp32Settings settings, TimeSpan timeout)
    {
        string peers = Path.Combine(FindRepoRoot(), "tests", "peers");
        if (!File.Exists(Path.Combine(peers, "node_modules", "esptool-js", "package.json")))
        {
            throw new InvalidOperationException($"esptool-js is not installed in {peers}/node_modules; run `bash tools/install-test-deps.sh` first.");
        }

        string work = Directory.CreateTempSubdirectory("esptool-js-bench-").FullName;
        var board = new VirtualEsp32Board(settings with { StartInDownloadMode = true });
        try
        {
            using var server = new VirtualEsp32Server(board, SerialTcpServerMode.Raw, port: 0, lineBaudRate: baud);
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = peers,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(peers, "esp32-flash.js"));
            start.ArgumentList.Add("--port");
            start.ArgumentList.Add(server.Port.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add("--baud");
            start.ArgumentList.Add(baud.ToString(CultureInfo.InvariantCulture));
            foreach ((uint offset, byte[] data) in regions)
            {
                string path = Path.Combine(work, $"{offset:x8}.bin");
                File.WriteAllBytes(path, data);
                start.ArgumentList.Add("--file");
                start.ArgumentList.Add($"0x{offset:X}={path}");
            }

            using Process process = Process.Start(start) ?? throw new InvalidOperationException("node did not start; is node on PATH?");
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"esp32-flash.js did not finish within {timeout.TotalSeconds} s and was killed.");
            }

            process.WaitForExit();
            string line = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "{}";
            using JsonDocument json = JsonDocument.Parse(line);
            JsonElement root = json.RootElement;
            if (process.ExitCode != 0 || !root.TryGetProperty("ok", out JsonElement ok) || !ok.GetBoolean())
            {
                throw new InvalidOperationException($"esp32-flash.js failed (exit {process.ExitCode}): {line}\n{stderr.Result}");
            }

            return new EsptoolJsRun(
                TimeSpan.FromMilliseconds(root.GetProperty("writeMs").GetDouble()),
                TimeSpan.FromMilliseconds(root.GetProperty("flashMs").GetDouble()),
                root.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("flashMd5").GetString() ?? "").ToArray(),
                board);
        }
        finally
        {
            board.Dispose();
            Directory.Delete(work, recursive: true);
        }
    }

    internal static string FindRepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FirmwareTools.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No FirmwareTools.sln above {AppContext.BaseDirectory}; run the benchmark from the repository.");
    }
}
