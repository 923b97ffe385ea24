using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;

namespace FirmwareTools.Simulators.Demo;

/// <summary>
/// README's MicroPython ESP32 workflow on a virtual ESP32-D0WDQ6 DevKit running MicroPython, served over RFC 2217 on
/// loopback (as ser2net or a lab host exposes a port), so DTR/RTS reach its auto-reset circuit: the module resets it
/// into the ROM loader itself, flashes a merged MicroPython-shaped .bin at 0x1000, verifies it and hard-resets it.
/// </summary>
public sealed class Esp32Demo : IDemoBoard
{
    public const string FirmwareName = "ESP32_GENERIC-demo.bin";

    /// <summary>Where MicroPython's merged .bin starts on an ESP32: the second-stage bootloader's offset.</summary>
    public const int BootloaderOffset = 0x1000;

    private VirtualEsp32Board? board;
    private VirtualEsp32Server? server;
    private byte[] firmware = [];

    public string Title => "an ESP32 DevKit running MicroPython (virtual ESP32 ROM loader over RFC 2217)";

    public IReadOnlyList<DemoStep> Steps => server is null
        ? []
        : [new("Flash MicroPython: reset into the ROM loader (DTR/RTS), write at 0x1000 compressed at 921600 baud, verify by MD5, hard-reset.",
               $"Install-Esp32Firmware -Port {server.Url} -Path ./{FirmwareName} -Confirm:$false")];

    public IReadOnlyDictionary<string, string> Start(string folder, double timeScale)
    {
        VirtualEsp32Settings settings = VirtualEsp32Server.ServedSettings(timeScale);

        // The board runs its old MicroPython, as on a desk: only the DevKit reset through DTR/RTS gets it into the loader.
        settings.StartInDownloadMode = false;
        settings.ReplMode = true;
        board = new VirtualEsp32Board(settings);
        server = new VirtualEsp32Server(board, SerialTcpServerMode.Rfc2217);
        firmware = new Samples.Esp32SampleBin().Build();
        File.WriteAllBytes(Path.Combine(folder, FirmwareName), firmware);
        return new Dictionary<string, string>();
    }

    public bool Check(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (board is null)
        {
            return false;
        }

        // Hard-reset: the chip left the loader by a reset that sampled GPIO0 high, so it printed the ROM's flash
        // boot log (leaving by FLASH_END's "run user code" prints none), and it runs the application.
        bool running = board.WaitForState(Esp32BoardState.RunApp, TimeSpan.FromSeconds(10));
        bool hardReset = board.Commands.Count > 0 && board.LastBootOutput.StartsWith(board.Settings.FlashBootLog, StringComparison.Ordinal);
        bool written = firmware.AsSpan().SequenceEqual(board.Flash.Contents.AsSpan(BootloaderOffset, firmware.Length));
        output.WriteLine($"After: flash at 0x{BootloaderOffset:X} holds the {firmware.Length} bytes of {FirmwareName} {(written ? "exactly" : "NOT")}; " +
                         $"the board was {(hardReset ? "hard-reset" : "NOT hard-reset")} and {(running ? "runs the application (RUN_APP)" : $"is in {board.State}")}.");
        return written && hardReset && running;
    }

    public void Dispose()
    {
        server?.Dispose();
        board?.Dispose();
    }
}
