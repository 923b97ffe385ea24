using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;

namespace FirmwareTools.Benchmarks;

/// <summary>
/// `dotnet run --project tests/FirmwareTools.Benchmarks -c Release -- esp32-usj`: ratio (f) of issue 17, the time to
/// connect to and identify an ESP32-C3 on its USB-Serial/JTAG (reset into the ROM, SYNC, chip detection, and for us the
/// watchdog disabled too) against esptool-js 0.7.0 doing its connect on the same simulator (a board running MicroPython
/// on its USJ, served over RFC 2217 so both clients' DTR/RTS reach it; TimeScale 1.0, every time real). esptool-js is
/// told the port's USB ids (303A:1001) so it picks its USB-Serial/JTAG reset, as a browser would from Web Serial.
/// Each client runs <see cref="Runs"/> times on a fresh board; the medians are compared.
/// </summary>
internal static class Esp32UsjConnectBenchmark
{
    private const int Runs = 5;
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromMinutes(2);

    public static int Run(string[] args)
    {
        _ = args;
        Console.WriteLine("FirmwareTools ESP32 USB-Serial/JTAG connect benchmark: virtual board running MicroPython on its USJ, served over RFC 2217, TimeScale 1.0");
        Ours(); // untimed warm-up: the JIT, not the protocol
        var ours = new List<double>();
        var peer = new List<double>();
        for (int i = 0; i < Runs; i++)
        {
            ours.Add(Ours().TotalSeconds);
            peer.Add(Peer().TotalSeconds);
        }

        double f = Median(ours) / Median(peer);
        Console.WriteLine($"    ours: reset, sync, detect, watchdog off   median {S(Median(ours))} of {string.Join(", ", ours.Select(S))}");
        Console.WriteLine($"    esptool-js 0.7.0 detectChip + MAC         median {S(Median(peer))} of {string.Join(", ", peer.Select(S))}");
        Console.WriteLine($"(f) ours / esptool-js = {f:0.000}  (target <= 0.5)");
        return f <= 0.5 ? 0 : 1;
    }

    /// <summary>A virtual ESP32-C3 (its own watchdog registers) running MicroPython with its RTC watchdog armed.</summary>
    private static VirtualEsp32Settings Board() => VirtualEsp32Settings.ForChip(VirtualEsp32ChipKind.Esp32C3, VirtualEsp32Server.ServedSettings(timeScale: 1.0) with
    {
        Link = VirtualEsp32Link.UsbSerialJtag,
        StartInDownloadMode = false,
        ReplMode = true,
        RtcWatchdogArmed = true,
    });

    /// <summary>Opening the port, the USB-Serial/JTAG reset, SYNC, detection and the watchdog off, as Install-Esp32Firmware does before writing.</summary>
    private static TimeSpan Ours()
    {
        using var board = new VirtualEsp32Board(Board());
        using var server = new VirtualEsp32Server(board, SerialTcpServerMode.Rfc2217);
        var clock = Stopwatch.StartNew();
        using ISerialPort port = Esp32Installer.OpenPort(server.Url, 115200, Esp32BeforeMode.UsbReset, CancellationToken.None);
        var client = new Esp32RomClient(port);
        client.Connect(Esp32Connections.DefaultBefore(Esp32Connection.UsbSerialJtag));
        client.DetectChip();
        Esp32RtcWatchdog watchdog = client.Target?.RtcWatchdog ?? throw new InvalidOperationException("ours: no watchdog for the detected chip");
        watchdog.Disable(client.Link, CancellationToken.None);
        clock.Stop();
        if (board.RtcWatchdogEnabled || board.State != Esp32BoardState.RomDownload)
        {
            throw new InvalidOperationException("ours: the board is not in the loader with its watchdog off");
        }

        return clock.Elapsed;
    }

    /// <summary>esptool-js's detectChip('default_reset') with the port reporting 303A:1001, plus its description and MAC reads.</summary>
    private static TimeSpan Peer()
    {
        string peers = Path.Combine(EsptoolJsRun.FindRepoRoot(), "tests", "peers");
        using var board = new VirtualEsp32Board(Board());
        using var server = new VirtualEsp32Server(board, SerialTcpServerMode.Rfc2217);
        var start = new ProcessStartInfo("node") { WorkingDirectory = peers, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { Path.Combine(peers, "esp32-flash.js"), "--port", server.Port.ToString(CultureInfo.InvariantCulture), "--rfc2217", "--usb-id", "303A:1001", "--reset", "default_reset", "--detect-only" })
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("node did not start; is node on PATH?");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(PeerTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("esp32-flash.js did not finish in time and was killed.");
        }

        process.WaitForExit();
        string line = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "{}";
        using JsonDocument json = JsonDocument.Parse(line);
        if (process.ExitCode != 0 || !json.RootElement.TryGetProperty("connectMs", out JsonElement ms))
        {
            throw new InvalidOperationException($"esp32-flash.js failed (exit {process.ExitCode}): {line}\n{stderr.Result}");
        }

        if (board.State != Esp32BoardState.RomDownload)
        {
            throw new InvalidOperationException("esptool-js: the board is not in the loader");
        }

        return TimeSpan.FromMilliseconds(ms.GetDouble());
    }

    private static double Median(List<double> values)
    {
        List<double> sorted = [.. values.OrderBy(v => v)];
        return sorted[sorted.Count / 2];
    }

    private static string S(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";
}
