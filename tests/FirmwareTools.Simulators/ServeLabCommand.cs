using System.Globalization;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Simulators.Lab;

namespace FirmwareTools.Simulators;

/// <summary>
/// <c>serve-lab [--pyboards N] [--esp32s N] [--picos N] [--pico2s N] [--esp32s3s N] [--esp32c3s N] [--fault NAME]... [--version V] [--time-scale X] [--realistic] [--ptys DIR]</c>:
/// a lab of running virtual boards (one of each by default, all on v1.22.2; the ESP32-S3 on native USB and the C3 on its
/// USB-Serial/JTAG are reached as <c>usb://</c> ports; each <c>--fault NAME</c> adds a pyboard with that fault of
/// <see cref="LabFaults"/> after them) and a loopback firmware site holding two releases
/// (docs/protocols/board-update.md §6). Prints one <c>env NAME=VALUE</c> line per variable to set and one
/// <c>board KIND PORT VERSION</c> line per board (PORT as -Port takes it), then serves until Ctrl+C or SIGTERM. With
/// <c>--ptys DIR</c> the pyboards and Picos are also OS serial ports in DIR that Get-SerialPort lists (<see cref="LabPtys"/>).
/// </summary>
internal static class ServeLabCommand
{
    public static int Run(string[] args)
    {
        var counts = new Dictionary<LabBoardKind, int> { [LabBoardKind.Pyboard] = 1, [LabBoardKind.Esp32] = 1, [LabBoardKind.Pico] = 1, [LabBoardKind.Pico2] = 1, [LabBoardKind.Esp32S3] = 1, [LabBoardKind.Esp32C3] = 1 };
        string version = LabFirmware.Releases[0].Version;
        double timeScale = 1.0;
        bool realistic = false;
        string? ptys = null;
        var faults = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--pyboards" when i + 1 < args.Length:
                    counts[LabBoardKind.Pyboard] = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--esp32s" when i + 1 < args.Length:
                    counts[LabBoardKind.Esp32] = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--picos" when i + 1 < args.Length:
                    counts[LabBoardKind.Pico] = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--pico2s" when i + 1 < args.Length:
                    counts[LabBoardKind.Pico2] = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--esp32s3s" when i + 1 < args.Length:
                    counts[LabBoardKind.Esp32S3] = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--esp32c3s" when i + 1 < args.Length:
                    counts[LabBoardKind.Esp32C3] = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--version" when i + 1 < args.Length:
                    version = args[++i].TrimStart('v');
                    break;
                case "--time-scale" when i + 1 < args.Length:
                    timeScale = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--ptys" when i + 1 < args.Length:
                    ptys = args[++i];
                    break;
                case "--realistic":
                    realistic = true;
                    break;
                case "--fault" when i + 1 < args.Length && LabFaults.Names.Contains(args[i + 1]):
                    faults.Add(args[++i]);
                    break;
                default:
                    Console.Error.WriteLine(Program.Usage);
                    return 2;
            }
        }

        LabBoardSettings Settings()
        {
            LabBoardSettings s = realistic ? LabBoardSettings.Realistic() : new LabBoardSettings();
            s.TimeScale = timeScale;
            return s;
        }

        // Registered before anything is printed, so a SIGTERM sent as soon as the lines are read still stops cleanly.
        using var stop = new StopSignal();
        using var lab = new VirtualLab();
        for (int n = 0; n < counts[LabBoardKind.Pyboard]; n++)
        {
            lab.AddPyboard(version, Settings());
        }

        for (int n = 0; n < counts[LabBoardKind.Esp32]; n++)
        {
            lab.AddEsp32(version, Settings());
        }

        for (int n = 0; n < counts[LabBoardKind.Pico]; n++)
        {
            lab.AddPico(Rp2Chip.Rp2040, version, Settings());
        }

        for (int n = 0; n < counts[LabBoardKind.Pico2]; n++)
        {
            lab.AddPico(Rp2Chip.Rp2350, version, Settings());
        }

        for (int n = 0; n < counts[LabBoardKind.Esp32S3]; n++)
        {
            lab.AddEsp32S3(version, Settings());
        }

        for (int n = 0; n < counts[LabBoardKind.Esp32C3]; n++)
        {
            lab.AddEsp32C3(version, Settings());
        }

        foreach (string fault in faults)
        {
            LabBoardSettings faulty = Settings();
            LabFaults.Apply(fault, faulty);
            lab.AddPyboard(version, faulty);
        }

        using var site = new LabFirmwareSite(fullSize: realistic);
        using var served = new ServedLab(lab, site, serialOnBridges: ptys is null);
        using LabPtys? terminals = ptys is null ? null : new LabPtys(served, Path.GetFullPath(ptys));
        foreach ((string name, string value) in served.Environment)
        {
            Console.WriteLine($"env {name}={value}");
        }

        if (terminals != null)
        {
            Console.WriteLine($"env FIRMWARETOOLS_SYSFS_ROOT={terminals.SysfsRoot}");
            Console.WriteLine($"env FIRMWARETOOLS_DEV_ROOT={terminals.DeviceDirectory}");
        }

        // With --ptys the boards that have a pseudo-terminal are listed by it (Get-SerialPort lists them); the ESP32 keeps its
        // rfc2217:// port, the S3 and C3 their usb:// port (Get-SerialPort lists those through the USB bridge variable).
        foreach ((LabBoard board, string port) in served.Ports)
        {
            string name = terminals?.Ports.FirstOrDefault(p => p.Board == board).Port ?? port;
            Console.WriteLine($"board {board.Kind.ToString().ToLowerInvariant()} {name} v{version}");
        }

        Console.Out.Flush();
        stop.Wait();
        Console.WriteLine($"stopping on {stop.Received}");
        return 0;
    }
}
