using System.Security.Cryptography;
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

    // The merged file's layout (offsets into the file = flash offset - 0x1000): bootloader, partition table at
    // 0x8000, the app at 0x10000, as in MicroPython's ESP32_GENERIC .bin. The app is kept small so the demo is fast.
    private const int PartitionTableAt = 0x8000 - BootloaderOffset;
    private const int AppAt = 0x10000 - BootloaderOffset;
    private const int BootloaderLength = 0x4000;
    private const int AppLength = 96 * 1024;

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
        firmware = MergedFirmware();
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

    /// <summary>A merged ESP32 .bin: a valid ESP32 image (the bootloader) at its start, 0xFF gaps, a partition table, an app image.</summary>
    private static byte[] MergedFirmware()
    {
        var random = new Random(0xE5B2);
        var merged = new byte[AppAt + AppLength];
        merged.AsSpan().Fill(0xFF);
        Image(BootloaderLength, 0x3FFF0000, random).CopyTo(merged, 0);
        PartitionTable().CopyTo(merged, PartitionTableAt);
        Image(AppLength, 0x3F400020, random).CopyTo(merged, AppAt);
        return merged;
    }

    /// <summary>
    /// An ESP32 image of exactly <paramref name="length"/> bytes (brief §7): header for chip id 0, one segment of
    /// code-like data that deflates as firmware does, padding to the checksum at 15 mod 16, then the appended SHA-256.
    /// </summary>
    private static byte[] Image(int length, uint loadAddress, Random random)
    {
        const int HeaderLength = 24;
        const int SegmentHeaderLength = 8;
        int segment = length - 32 - HeaderLength - SegmentHeaderLength - 16; // checksum padded to 16, then SHA-256
        var image = new byte[length - 32];
        byte[] header = [0xE9, 1, 0x02, 0x20, 0x00, 0x00, 0x08, 0x40, 0xEE, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0, 1];
        header.CopyTo(image, 0);
        BitConverter.GetBytes(loadAddress).CopyTo(image, HeaderLength);
        BitConverter.GetBytes((uint)segment).CopyTo(image, HeaderLength + 4);
        Span<byte> data = image.AsSpan(HeaderLength + SegmentHeaderLength, segment);
        byte[][] vocabulary = Enumerable.Range(0, 48).Select(_ => RandomBytes(random, 4 + random.Next(12))).ToArray();
        for (int at = 0; at < data.Length;)
        {
            byte[] piece = random.Next(3) == 0 ? RandomBytes(random, 1 + random.Next(8)) : vocabulary[random.Next(vocabulary.Length)];
            int n = Math.Min(piece.Length, data.Length - at);
            piece.AsSpan(0, n).CopyTo(data[at..]);
            at += n;
        }

        byte checksum = 0xEF;
        foreach (byte b in data)
        {
            checksum ^= b;
        }

        image[^1] = checksum;
        return [.. image, .. SHA256.HashData(image)];
    }

    /// <summary>MicroPython's partition table shape: nvs, phy_init, factory app; then 0xFF to 3072 bytes.</summary>
    private static byte[] PartitionTable()
    {
        var table = Enumerable.Repeat((byte)0xFF, 3072).ToArray();
        int at = 0;
        foreach ((byte type, byte subtype, uint offset, uint size, string name) in new (byte, byte, uint, uint, string)[]
                 {
                     (1, 0x02, 0x9000, 0x6000, "nvs"),
                     (1, 0x01, 0xF000, 0x1000, "phy_init"),
                     (0, 0x00, 0x10000, 0x1F0000, "factory"),
                 })
        {
            var entry = new byte[32];
            entry[0] = 0xAA;
            entry[1] = 0x50;
            entry[2] = type;
            entry[3] = subtype;
            BitConverter.GetBytes(offset).CopyTo(entry, 4);
            BitConverter.GetBytes(size).CopyTo(entry, 8);
            System.Text.Encoding.ASCII.GetBytes(name).CopyTo(entry, 12);
            entry.CopyTo(table, at);
            at += 32;
        }

        return table;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
