using System.Globalization;
using FirmwareTools.Simulators.Dfu;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Simulators;

/// <summary>
/// <c>serve-dfu [--port N] [--time-scale X] [--read-protected] [--stay-in-dfu] [--serial S]</c>: serves a virtual STM32F405 bootloader over the
/// USB bridge on 127.0.0.1 and prints "listening 127.0.0.1:PORT"; it serves until Ctrl+C or SIGTERM (not when stdin
/// closes, so `serve-dfu &amp;` keeps running in a script's background). Point the module at it with
/// FIRMWARETOOLS_USB_BRIDGE=127.0.0.1:PORT. <c>--stay-in-dfu</c> brings the board back in DFU mode after each install
/// (see <see cref="VirtualStm32BootloaderSettings.ReturnToBootloaderAfterLeave"/>); <c>--serial</c> gives it another USB
/// serial number than 3061B4493536, so several served boards can be told apart with -SerialNumber.
/// </summary>
internal static class ServeDfuCommand
{
    /// <summary>The serial number of the board README's examples show.</summary>
    public const string DefaultSerial = "3061B4493536";

    public static int Run(string[] args)
    {
        int port = 0;
        string serial = DefaultSerial;
        var settings = new VirtualStm32BootloaderSettings();
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
                case "--read-protected":
                    settings.ReadProtected = true;
                    break;
                case "--stay-in-dfu":
                    settings.ReturnToBootloaderAfterLeave = true;
                    break;
                case "--serial" when i + 1 < args.Length && args[i + 1].Length > 0:
                    serial = args[++i];
                    break;
                default:
                    Console.Error.WriteLine(Program.Usage);
                    return 2;
            }
        }

        // Registered before the port is printed, so a SIGTERM sent as soon as the port is known still stops cleanly.
        using var stop = new StopSignal();
        var device = new VirtualStm32Bootloader(serial, settings: settings);
        using var bus = new VirtualUsbBus(device);
        using UsbBridgeServer server = UsbBridgeServer.Start(device, port);
        Console.WriteLine($"listening 127.0.0.1:{server.Port}");

        stop.Wait();
        Console.WriteLine($"stopping on {stop.Received}");
        return 0;
    }
}
