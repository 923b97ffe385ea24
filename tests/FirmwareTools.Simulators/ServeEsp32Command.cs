using System.Globalization;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;

namespace FirmwareTools.Simulators;

/// <summary>
/// <c>serve-esp32 [--chip esp32|esp32s2|esp32s3|esp32c3|esp32c6|esp8266] [--port N] [--time-scale X] [--mode raw|rfc2217]
/// [--line-baud B] [--jumper] [--repl] [--connection bridge|usj|otg] [--watchdog] [--sysfs DIR]</c>: serves one persistent
/// virtual ESP32-family board (4 MB flash; an ESP32 with MAC 30:ae:a4:00:86:68 by default, the later chips with
/// 60:55:f9:01:02:03) on 127.0.0.1 and prints "listening socket://127.0.0.1:PORT" (or rfc2217://). Each client finds the
/// board freshly reset in the ROM loader, with the flash the previous one left. <c>--connection</c> picks how the board
/// is reached (docs/protocols/esp32-family.md §3.1): a USB-UART bridge (default), the USB-Serial/JTAG (its line table and
/// core resets; <c>--watchdog</c> arms the RTC watchdog as an application leaves it) or the ROM's USB-OTG CDC (lines
/// ignored; a reset drops the client as the port re-enumerates). A TCP port has no USB ids, so the module is told with
/// <c>-Connection</c>; <c>--sysfs DIR</c> also writes a fake sysfs entry for the board's USB port
/// (FIRMWARETOOLS_SYSFS_ROOT) so Get-SerialPort shows its ids.
/// Runs until Ctrl+C (SIGINT) or SIGTERM.
/// </summary>
internal static class ServeEsp32Command
{
    public static int Run(string[] args)
    {
        int port = 0;
        int lineBaud = 115200;
        var mode = SerialTcpServerMode.Raw;
        string? sysfsRoot = null;
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
                case "--chip" when i + 1 < args.Length && ParseChip(args[i + 1]) is VirtualEsp32ChipKind chip:
                    // docs/protocols/esp32-family.md §6.1: the chip's ROM with the note's suggested defaults.
                    i++;
                    settings = VirtualEsp32Settings.ForChip(chip, settings);
                    break;
                case "--jumper":
                    settings.StrapJumperFitted = true;
                    break;
                case "--connection" when i + 1 < args.Length && args[i + 1] is "bridge" or "usj" or "otg":
                    settings.Link = args[++i] switch
                    {
                        "usj" => VirtualEsp32Link.UsbSerialJtag,
                        "otg" => VirtualEsp32Link.UsbOtg,
                        _ => VirtualEsp32Link.UsbUartBridge,
                    };
                    break;
                case "--watchdog":
                    // The application armed the RTC watchdog: a client that does not disable it sees the chip reset mid-write.
                    settings.RtcWatchdogArmed = true;
                    break;
                case "--sysfs" when i + 1 < args.Length:
                    sysfsRoot = args[++i];
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

        // Registered before the port is printed, so a SIGTERM sent as soon as the port is known still stops cleanly.
        using var stop = new StopSignal();
        using var board = new VirtualEsp32Board(settings);
        using var server = new VirtualEsp32Server(board, mode, port, lineBaud);
        using VirtualEsp32UsbListing? listing = sysfsRoot is null || settings.Link == VirtualEsp32Link.UsbUartBridge ? null : new VirtualEsp32UsbListing(board, new Usb.FakeUsbSerialSysfs(sysfsRoot));
        Console.WriteLine($"listening {server.Url}");
        stop.Wait();
        Console.WriteLine($"stopping on {stop.Received}");
        return 0;
    }

    /// <summary>esptool's chip names: esp32, esp32s2, esp32s3, esp32c3, esp32c6, and esp8266 (a responder for the refusal).</summary>
    internal static VirtualEsp32ChipKind? ParseChip(string name) => name.ToLowerInvariant() switch
    {
        "esp32" => VirtualEsp32ChipKind.Esp32,
        "esp32s2" => VirtualEsp32ChipKind.Esp32S2,
        "esp32s3" => VirtualEsp32ChipKind.Esp32S3,
        "esp32c3" => VirtualEsp32ChipKind.Esp32C3,
        "esp32c6" => VirtualEsp32ChipKind.Esp32C6,
        "esp8266" => VirtualEsp32ChipKind.Esp8266,
        _ => null,
    };
}
