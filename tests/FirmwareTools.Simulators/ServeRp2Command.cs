using System.Globalization;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Simulators.Rp2;

namespace FirmwareTools.Simulators;

/// <summary>
/// <c>serve-rp2 [--chip rp2040|rp2350] [--port N] [--time-scale X] [--realistic] [--mount DIR]</c>: serves a virtual Pico in
/// BOOTSEL mode over the USB bridge on 127.0.0.1 and prints "listening 127.0.0.1:PORT"; after a reboot the bridge shows
/// what the board boots into (MicroPython 2E8A:0005, or BOOTSEL again). --mount also shows its drive as a folder (copy a
/// .uf2 there). Serves until Ctrl+C or SIGTERM. Point the module at it with FIRMWARETOOLS_USB_BRIDGE=127.0.0.1:PORT.
/// </summary>
internal static class ServeRp2Command
{
    public static int Run(string[] args)
    {
        int port = 0;
        Rp2Chip chip = Rp2Chip.Rp2040;
        bool realistic = false;
        double timeScale = 1.0;
        string? mount = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Length:
                    port = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--chip" when i + 1 < args.Length:
                    chip = args[++i].ToUpperInvariant() switch
                    {
                        "RP2040" => Rp2Chip.Rp2040,
                        "RP2350" => Rp2Chip.Rp2350,
                        _ => throw new ArgumentException($"--chip takes rp2040 or rp2350, not {args[i]}"),
                    };
                    break;
                case "--time-scale" when i + 1 < args.Length:
                    timeScale = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--realistic":
                    realistic = true;
                    break;
                case "--mount" when i + 1 < args.Length:
                    mount = args[++i];
                    break;
                default:
                    Console.Error.WriteLine(Program.Usage);
                    return 2;
            }
        }

        VirtualRp2Settings settings = realistic ? VirtualRp2Settings.Realistic(chip) : new VirtualRp2Settings { Chip = chip };
        settings.TimeScale = timeScale;
        using var stop = new StopSignal();
        using var pico = new VirtualPico(settings, mountDirectory: mount, port: port);
        Console.WriteLine($"listening {pico.BridgeAddress}");

        stop.Wait();
        Console.WriteLine($"stopping on {stop.Received}");
        return 0;
    }
}
