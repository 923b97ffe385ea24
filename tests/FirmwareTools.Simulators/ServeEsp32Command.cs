using System.Globalization;
using System.Runtime.InteropServices;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;

namespace FirmwareTools.Simulators;

/// <summary>
/// <c>serve-esp32 [--port N] [--time-scale X] [--mode raw|rfc2217] [--line-baud B] [--jumper] [--repl]</c>: serves one persistent
/// virtual ESP32 (4 MB flash, MAC 30:ae:a4:00:86:68) on 127.0.0.1 and prints "listening socket://127.0.0.1:PORT" (or
/// rfc2217://). Each client finds the board freshly reset in the ROM loader, with the flash the previous one left.
/// Runs until Ctrl+C (SIGINT) or SIGTERM.
/// </summary>
internal static class ServeEsp32Command
{
    public static int Run(string[] args)
    {
        int port = 0;
        int lineBaud = 115200;
        var mode = SerialTcpServerMode.Raw;
        VirtualEsp32Settings settings = VirtualEsp32Server.ServedSettings(timeScale: 1.0);
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Length:
                    port = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--time-scale" when i + 1 < args.Length:
                    settings.TimeScale = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--mode" when i + 1 < args.Length && args[i + 1] is "raw" or "rfc2217":
                    mode = args[++i] == "raw" ? SerialTcpServerMode.Raw : SerialTcpServerMode.Rfc2217;
                    break;
                case "--line-baud" when i + 1 < args.Length:
                    lineBaud = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--jumper":
                    settings.StrapJumperFitted = true;
                    break;
                case "--repl":
                    // The board runs MicroPython until someone resets it into the loader (needs rfc2217 or --jumper).
                    settings.StartInDownloadMode = false;
                    settings.ReplMode = true;
                    break;
                default:
                    Console.Error.WriteLine(Program.Usage);
                    return 2;
            }
        }

        // Stop on SIGINT (Ctrl+C) or SIGTERM only; stdin is not watched, so `serve-esp32 &` in a script keeps serving.
        // (feat/help's reusable StopSignal does the same for serve-dfu; it was not on main when this was written.)
        using var stop = new ManualResetEventSlim();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Set();
        }

        using PosixSignalRegistration interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var board = new VirtualEsp32Board(settings);
        using var server = new VirtualEsp32Server(board, mode, port, lineBaud);
        Console.WriteLine($"listening {server.Url}");
        stop.Wait();
        return 0;
    }
}
