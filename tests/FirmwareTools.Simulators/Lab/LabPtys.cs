using System.Diagnostics;
using System.Globalization;

namespace FirmwareTools.Simulators.Lab;

/// <summary>
/// The served lab's boards as OS serial ports, so Get-SerialPort lists them and System.IO.Ports opens them: a fake sysfs
/// (<c>DIR/sys</c>, for FIRMWARETOOLS_SYSFS_ROOT) with each board as a USB CDC device with its VID:PID and USB serial
/// (docs/protocols/board-update.md §2.1), and a pseudo-terminal per board at <c>DIR/dev/ttyACMn</c> (socat PTY ↔ the
/// board's TCP port) that exists while the board's application runs: it goes when the board leaves for its bootloader
/// and is made again when the application returns, as a CDC ACM port comes and goes. The ESP32 is left out: a
/// pseudo-terminal carries no DTR/RTS to its reset circuit.
/// </summary>
public sealed class LabPtys : IDisposable
{
    private readonly List<Entry> entries = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Thread watcher;

    public LabPtys(ServedLab served, string directory)
    {
        ArgumentNullException.ThrowIfNull(served);
        Directory = directory;
        System.IO.Directory.CreateDirectory(DeviceDirectory);
        int n = 0;
        foreach ((LabBoard board, string url) in served.Ports)
        {
            if (board is not (LabPyboard or LabPico))
            {
                continue; // the ESP32s: a pseudo-terminal carries no DTR/RTS (the S3 and C3 have their usb:// port)
            }

            string tty = $"ttyACM{n}";
            int tcpPort = new Uri(url).Port;
            WriteSysfs(board, tty, $"1-{n + 1}");
            entries.Add(new Entry(board, Path.Combine(DeviceDirectory, tty), tcpPort));
            n++;
        }

        foreach (Entry entry in entries)
        {
            entry.EnsureRunning();
        }

        watcher = new Thread(Watch) { IsBackground = true, Name = "LabPtys" };
        watcher.Start();
    }

    public string Directory { get; }

    /// <summary>For FIRMWARETOOLS_SYSFS_ROOT.</summary>
    public string SysfsRoot => Path.Combine(Directory, "sys");

    /// <summary>For FIRMWARETOOLS_DEV_ROOT: where the ports' names are.</summary>
    public string DeviceDirectory => Path.Combine(Directory, "dev");

    /// <summary>Each board with a pseudo-terminal and its path.</summary>
    public IReadOnlyList<(LabBoard Board, string Port)> Ports => [.. entries.Select(e => (e.Board, e.Path))];

    public void Dispose()
    {
        stop.Cancel();
        watcher.Join();
        foreach (Entry entry in entries)
        {
            entry.Dispose();
        }

        stop.Dispose();
    }

    private void Watch()
    {
        while (!stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(20)))
        {
            foreach (Entry entry in entries)
            {
                entry.EnsureRunning();
            }
        }
    }

    private void WriteSysfs(LabBoard board, string tty, string usbPath)
    {
        (string vid, string pid, string serial, string product) = board switch
        {
            LabPyboard p => ("f055", "9800", p.UsbSerial, "Pyboard Virtual Comm Port in FS Mode"),
            _ => ("2e8a", "0005", board.UniqueIdHex, "Board in FS mode"),
        };
        string device = Path.Combine(SysfsRoot, "bus", "usb", "devices", usbPath);
        string iface = device + ":1.0";
        Write(Path.Combine(device, "idVendor"), vid);
        Write(Path.Combine(device, "idProduct"), pid);
        Write(Path.Combine(device, "busnum"), "1");
        Write(Path.Combine(device, "serial"), serial);
        Write(Path.Combine(device, "manufacturer"), "MicroPython");
        Write(Path.Combine(device, "product"), product);
        Write(Path.Combine(iface, "bInterfaceNumber"), "00");
        Write(Path.Combine(iface, "uevent"), "DEVTYPE=usb_interface\nDRIVER=cdc_acm");
        System.IO.Directory.CreateDirectory(Path.Combine(iface, "tty", tty));
        Write(Path.Combine(SysfsRoot, "class", "tty", tty, "device", "uevent"), "DEVTYPE=usb_interface\nDRIVER=cdc_acm");
        Write(Path.Combine(SysfsRoot, "class", "tty", tty, "dev"), "166:" + tty[^1]);
    }

    private static void Write(string path, string content)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content + "\n");
    }

    private sealed class Entry(LabBoard board, string path, int tcpPort) : IDisposable
    {
        private Process? socat;

        public LabBoard Board { get; } = board;

        public string Path { get; } = path;

        /// <summary>A pseudo-terminal while the application runs; none while it does not.</summary>
        public void EnsureRunning()
        {
            if (socat is { HasExited: false } || !Board.InApplication)
            {
                return;
            }

            socat?.Dispose();
            var start = new ProcessStartInfo("socat", ["-d", "-d", $"pty,raw,echo=0,link={Path}", string.Create(CultureInfo.InvariantCulture, $"tcp:127.0.0.1:{tcpPort}")])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            socat = Process.Start(start) ?? throw new InvalidOperationException("socat did not start");
            while (socat.StandardError.ReadLine() is string line)
            {
                if (line.Contains("starting data transfer loop", StringComparison.Ordinal))
                {
                    break;
                }
            }

            _ = socat.StandardError.ReadToEndAsync();
        }

        public void Dispose()
        {
            if (socat is { HasExited: false })
            {
                socat.Kill(entireProcessTree: true);
                socat.WaitForExit();
            }

            socat?.Dispose();
        }
    }
}
