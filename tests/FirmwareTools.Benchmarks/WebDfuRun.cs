using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace FirmwareTools.Benchmarks;

/// <summary>
/// Runs tests/peers/webdfu-flash.js (webdfu 1.0.5 over the loopback USB bridge) and returns the flash time the
/// script measured itself, which leaves out node start-up, connecting and webdfu's open.
/// </summary>
internal sealed record WebDfuRun(TimeSpan FlashTime, TimeSpan ReadBackTime, IReadOnlyList<string> ReadBackSha256)
{
    public static WebDfuRun Flash(int port, BenchmarkImage image, TimeSpan timeout)
    {
        string peers = Path.Combine(FindRepoRoot(), "tests", "peers");
        if (!File.Exists(Path.Combine(peers, "node_modules", "webdfu", "package.json")))
        {
            throw new InvalidOperationException($"webdfu is not installed in {peers}/node_modules; run `bash tools/install-test-deps.sh` first.");
        }

        string work = Directory.CreateTempSubdirectory("webdfu-bench-").FullName;
        try
        {
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = peers,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(peers, "webdfu-flash.js"));
            start.ArgumentList.Add("--port");
            start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
            foreach ((uint address, byte[] data) in image.Elements)
            {
                string path = Path.Combine(work, $"{address:x8}.bin");
                File.WriteAllBytes(path, data);
                start.ArgumentList.Add("--element");
                start.ArgumentList.Add($"0x{address:X8}={path}");
            }

            using Process process = Process.Start(start) ?? throw new InvalidOperationException("node did not start; is node on PATH?");
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"webdfu-flash.js did not finish within {timeout.TotalSeconds} s and was killed.");
            }

            process.WaitForExit();
            string line = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "{}";
            using JsonDocument json = JsonDocument.Parse(line);
            JsonElement root = json.RootElement;
            if (process.ExitCode != 0 || !root.TryGetProperty("ok", out JsonElement ok) || !ok.GetBoolean())
            {
                throw new InvalidOperationException($"webdfu-flash.js failed (exit {process.ExitCode}): {line}\n{stderr.Result}");
            }

            return new WebDfuRun(
                TimeSpan.FromMilliseconds(root.GetProperty("flashMs").GetDouble()),
                TimeSpan.FromMilliseconds(root.GetProperty("readBackMs").GetDouble()),
                root.GetProperty("elements").EnumerateArray().Select(e => e.GetProperty("sha256").GetString() ?? "").ToArray());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string FindRepoRoot()
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
