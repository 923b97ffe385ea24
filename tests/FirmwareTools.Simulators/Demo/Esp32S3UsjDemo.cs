using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Samples;
using FirmwareTools.Simulators.Serial;

namespace FirmwareTools.Simulators.Demo;

/// <summary>
/// README's ESP32-S3 workflow (issue 17's done-when): a virtual ESP32-S3 running MicroPython on its own USB-Serial/JTAG
/// (no USB-UART bridge), its application's RTC watchdog armed, served over RFC 2217 so the USJ's DTR/RTS reach it. The
/// module resets it into the ROM through the USJ line sequence, disables the S3's watchdog, writes a merged S3 .bin at
/// 0x0, verifies it by MD5 and resets it into the new firmware. A small image keeps the demo quick.
/// </summary>
public sealed class Esp32S3UsjDemo : IDemoBoard
{
    public const string FirmwareName = "ESP32_GENERIC_S3-demo.bin";

    /// <summary>Where MicroPython's merged .bin starts on an ESP32-S3: its bootloader is at 0x0.</summary>
    public const int BootloaderOffset = 0x0;

    /// <summary>The image's chip id (header bytes 12-13) for the ESP32-S3.</summary>
    private const ushort S3ChipId = 9;

    private VirtualEsp32Board? board;
    private VirtualEsp32Server? server;
    private byte[] firmware = [];

    public string Title => "an ESP32-S3 on its USB-Serial/JTAG running MicroPython (virtual ESP32-S3 ROM loader over RFC 2217)";

    public IReadOnlyList<DemoStep> Steps => server is null
        ? []
        : [new("Flash MicroPython on the S3's own USB: USJ reset into the ROM, the S3's RTC watchdog off, write at 0x0, verify by MD5, reset.",
               $"Install-Esp32Firmware -Port {server.Url} -Path ./{FirmwareName} -Connection UsbSerialJtag -Confirm:$false")];

    public IReadOnlyDictionary<string, string> Start(string folder, double timeScale)
    {
        VirtualEsp32Settings settings = VirtualEsp32Settings.ForChip(VirtualEsp32ChipKind.Esp32S3, VirtualEsp32Server.ServedSettings(timeScale) with
        {
            Link = VirtualEsp32Link.UsbSerialJtag,
            StartInDownloadMode = false,
            ReplMode = true,
            RtcWatchdogArmed = true,
            RtcWatchdogPeriod = TimeSpan.FromMilliseconds(100), // 10 sectors of modelled erase: the image needs 24
        });
        board = new VirtualEsp32Board(settings);
        server = new VirtualEsp32Server(board, SerialTcpServerMode.Rfc2217);
        firmware = Build();
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

        bool running = board.WaitForState(Esp32BoardState.RunApp, TimeSpan.FromSeconds(10));
        bool written = firmware.AsSpan().SequenceEqual(board.Flash.Contents.AsSpan(BootloaderOffset, firmware.Length));
        output.WriteLine($"After: flash at 0x{BootloaderOffset:X} holds the {firmware.Length} bytes of {FirmwareName} {(written ? "exactly" : "NOT")}; " +
                         $"the RTC watchdog was {(board.RtcWatchdogEnabled ? "NOT disabled" : "disabled")} and fired {board.RtcWatchdogResets} time(s); " +
                         $"the board {(running ? "runs the application (RUN_APP)" : $"is in {board.State}")}.");
        return written && running && board.RtcWatchdogResets == 0;
    }

    public void Dispose()
    {
        server?.Dispose();
        board?.Dispose();
    }

    /// <summary>A merged S3 .bin: bootloader at 0x0, partition table at 0x8000, a small application at 0x10000.</summary>
    private static byte[] Build()
    {
        const int AppAt = 0x10000;
        const int AppLength = 32 * 1024;
        var random = new Random(0x5353);
        var merged = new byte[AppAt + AppLength];
        merged.AsSpan().Fill(0xFF);
        Esp32SampleImages.Image(0x4000, 0x3FCD8000, random, chipId: S3ChipId).CopyTo(merged, 0);
        Esp32SampleImages.PartitionTable((1, 0x02, 0x9000, 0x6000, "nvs"), (1, 0x01, 0xF000, 0x1000, "phy_init"), (0, 0x00, 0x10000, 0x1F0000, "factory"))
            .CopyTo(merged, 0x8000);
        Esp32SampleImages.Image(AppLength, 0x3C000020, random, chipId: S3ChipId).CopyTo(merged, AppAt);
        return merged;
    }
}
