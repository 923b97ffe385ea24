namespace FirmwareTools.Simulators;

/// <summary>
/// The simulators as a program, for manual tries and the README's first command:
/// <c>demo</c> runs the module's main job (flash a pyboard) against the virtual bootloader;
/// <c>serve-dfu</c> serves the virtual bootloader over the loopback USB bridge;
/// <c>serve-esp32</c> serves a virtual ESP32 ROM loader on a loopback TCP port (raw or RFC 2217);
/// <c>samples</c> writes sample firmware files for each board family; <c>serve-rp2</c> serves a virtual Pico
/// (RP2040 or RP2350) in BOOTSEL mode over the loopback USB bridge; <c>serve-lab</c> serves a lab of running boards
/// (pyboard, ESP32, Picos) and a firmware site for Update-Firmware.
/// </summary>
internal static class Program
{
    internal const string Usage = "usage: FirmwareTools.Simulators demo [--time-scale X]\n       FirmwareTools.Simulators serve-dfu [--port N] [--time-scale X] [--read-protected] [--stay-in-dfu] [--serial S]\n       FirmwareTools.Simulators serve-esp32 [--chip esp32|esp32s2|esp32s3|esp32c3|esp32c6|esp8266] [--port N] [--time-scale X] [--mode raw|rfc2217] [--line-baud B] [--jumper] [--repl] [--connection bridge|usj|otg] [--watchdog] [--sysfs DIR]\n       FirmwareTools.Simulators serve-rp2 [--chip rp2040|rp2350] [--port N] [--time-scale X] [--realistic] [--mount DIR]\n       FirmwareTools.Simulators samples [--out DIR]\n       FirmwareTools.Simulators serve-lab [--pyboards N] [--esp32s N] [--picos N] [--pico2s N] [--esp32s3s N] [--esp32c3s N] [--fault busy|ignores-ctrl-c|silent|unidentified|no-bootloader|dfu-jumper|old-image]... [--version V] [--time-scale X] [--realistic] [--ptys DIR]";

    private static int Main(string[] args) => args.FirstOrDefault() switch
    {
        "demo" => DemoCommand.Run(args.Skip(1).ToArray()),
        "serve-dfu" => ServeDfuCommand.Run(args.Skip(1).ToArray()),
        "serve-esp32" => ServeEsp32Command.Run(args.Skip(1).ToArray()),
        "samples" => SamplesCommand.Run(args.Skip(1).ToArray()),
        "serve-rp2" => ServeRp2Command.Run(args.Skip(1).ToArray()),
        "serve-lab" => ServeLabCommand.Run(args.Skip(1).ToArray()),
        _ => UsageError(),
    };

    private static int UsageError()
    {
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
