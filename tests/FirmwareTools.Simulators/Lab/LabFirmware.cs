using System.Globalization;
using System.Text;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Simulators.Rp2;
using FirmwareTools.Simulators.Samples;

namespace FirmwareTools.Simulators.Lab;

/// <summary>
/// Small firmware files shaped like micropython.org's downloads, named as they are (<c>PYBV11-20241129-v1.24.1.dfu</c>),
/// each carrying the literals a real image holds (docs/protocols/board-update.md §6): <c>MicroPython vX.Y.Z on DATE</c>
/// followed by <c>; BOARD_NAME with MCU_NAME</c>. The virtual boards answer their REPL from these bytes in their flash.
/// </summary>
public static class LabFirmware
{
    /// <summary>The two releases the lab's firmware site holds: older first.</summary>
    public static readonly (string Version, DateTime Date)[] Releases =
    [
        ("1.22.2", new DateTime(2024, 2, 22)),
        ("1.24.1", new DateTime(2024, 11, 29)),
    ];

    /// <summary>micropython.org's board id for the kind.</summary>
    public static string BoardId(LabBoardKind kind) => kind switch
    {
        LabBoardKind.Pyboard => "PYBV11",
        LabBoardKind.Esp32 => "ESP32_GENERIC",
        LabBoardKind.Esp32S3 => "ESP32_GENERIC_S3",
        LabBoardKind.Esp32S2 => "ESP32_GENERIC_S2",
        LabBoardKind.Esp32C3 => "ESP32_GENERIC_C3",
        LabBoardKind.Pico => "RPI_PICO",
        _ => "RPI_PICO2",
    };

    /// <summary>What <c>os.uname().machine</c> says for the kind (§1.3).</summary>
    public static string Machine(LabBoardKind kind) => kind switch
    {
        LabBoardKind.Pyboard => "PYBv1.1 with STM32F405RG",
        LabBoardKind.Esp32 => "Generic ESP32 module with ESP32",
        LabBoardKind.Esp32S3 => "Generic ESP32S3 module with ESP32S3",
        LabBoardKind.Esp32S2 => "ESP32S2 module with ESP32S2",
        LabBoardKind.Esp32C3 => "ESP32C3 module with ESP32C3",
        LabBoardKind.Pico => "Raspberry Pi Pico with RP2040",
        _ => "Raspberry Pi Pico2 with RP2350",
    };

    public static string Extension(LabBoardKind kind) => kind switch
    {
        LabBoardKind.Pyboard => "dfu",
        LabBoardKind.Esp32 or LabBoardKind.Esp32S2 or LabBoardKind.Esp32S3 or LabBoardKind.Esp32C3 => "bin",
        _ => "uf2",
    };

    public static string FileName(LabBoardKind kind, string version, DateTime date) =>
        $"{BoardId(kind)}-{date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-v{version}.{Extension(kind)}";

    /// <summary>The banner literal and the machine literal, as a real image holds them.</summary>
    public static byte[] Literal(LabBoardKind kind, string version, DateTime date) =>
        Encoding.ASCII.GetBytes($"\0MicroPython v{version} on {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}; {Machine(kind)}\0");

    /// <summary>
    /// The application's length in a file: small by default so tests move few bytes; with <paramref name="fullSize"/>
    /// about a real download's (PYBV11 .dfu ~380 KiB of code, ESP32_GENERIC ~1.5 MiB, RPI_PICO(2) ~640 KiB), so the
    /// timing-modelled lab spends what a real flash spends.
    /// </summary>
    public static int ApplicationLength(LabBoardKind kind, bool fullSize) => (kind, fullSize) switch
    {
        (LabBoardKind.Pyboard, false) => 16 * 1024,
        (LabBoardKind.Pyboard, true) => 380 * 1024,
        (LabBoardKind.Esp32 or LabBoardKind.Esp32S2 or LabBoardKind.Esp32S3 or LabBoardKind.Esp32C3, false) => 8 * 1024,
        (LabBoardKind.Esp32 or LabBoardKind.Esp32S2 or LabBoardKind.Esp32S3 or LabBoardKind.Esp32C3, true) => 1536 * 1024,
        (_, false) => 24 * 1024,
        _ => 640 * 1024,
    };

    /// <summary>The file's bytes.</summary>
    public static byte[] Build(LabBoardKind kind, string version, DateTime date, bool fullSize = false)
    {
        byte[] literal = Literal(kind, version, date);
        int seed = (int)kind * 100 + version.Sum(c => c) % 50; // stable across processes (string.GetHashCode is not)
        switch (kind)
        {
            case LabBoardKind.Pyboard:
                return DfuSeFile.Write([new DfuSeTarget(0, "ST...", [new DfuSeElement(PyboardSampleDfu.VectorsAddress, PyboardVectors()), new DfuSeElement(PyboardSampleDfu.TextAddress, PyboardText(version, date, fullSize))])]);
            case LabBoardKind.Esp32:
                return Esp32Merged(literal, seed, ApplicationLength(kind, fullSize), 0x1000, 0);
            case LabBoardKind.Esp32S3:
                return Esp32Merged(literal, seed, ApplicationLength(kind, fullSize), 0, 9);
            case LabBoardKind.Esp32S2:
                return Esp32Merged(literal, seed, ApplicationLength(kind, fullSize), 0x1000, 2);
            case LabBoardKind.Esp32C3:
                return Esp32Merged(literal, seed, ApplicationLength(kind, fullSize), 0, 5);
            default:
                Rp2Chip chip = kind == LabBoardKind.Pico ? Rp2Chip.Rp2040 : Rp2Chip.Rp2350;
                return Uf2Writer.Write(PicoImage(kind, version, date, fullSize), Rp2FirmwareImages.FlashBase, chip == Rp2Chip.Rp2040 ? Uf2Family.Rp2040 : Uf2Family.Rp2350ArmSecure, withE10Block: chip == Rp2Chip.Rp2350);
        }
    }

    /// <summary>A Pico release's flash image from 0x10000000: bootable by the ROM's rule, with the literals at 0x2000.</summary>
    public static byte[] PicoImage(LabBoardKind kind, string version, DateTime date, bool fullSize = false)
    {
        Rp2Chip chip = kind == LabBoardKind.Pico ? Rp2Chip.Rp2040 : Rp2Chip.Rp2350;
        byte[] image = Rp2FirmwareImages.Bootable(chip, ApplicationLength(kind, fullSize), (int)kind * 100 + version.Sum(c => c) % 50);
        Literal(kind, version, date).CopyTo(image, 0x2000);
        return image;
    }

    /// <summary>The vectors element a pyboard .dfu starts with: a plausible initial stack pointer, so the ROM starts it.</summary>
    public static byte[] PyboardVectors()
    {
        var vectors = new byte[512];
        new Random(2).NextBytes(vectors);
        BitConverter.GetBytes(0x20020000u).CopyTo(vectors, 0);
        return vectors;
    }

    /// <summary>The element at 0x08020000 of a pyboard release: code-like bytes with the literals in them.</summary>
    public static byte[] PyboardText(string version, DateTime date, bool fullSize = false) =>
        WithLiteral(ApplicationLength(LabBoardKind.Pyboard, fullSize), Literal(LabBoardKind.Pyboard, version, date), 7 + version.Length);

    private static byte[] WithLiteral(int length, byte[] literal, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        literal.CopyTo(data, 1024);
        return data;
    }

    /// <summary>
    /// A merged .bin as <see cref="Esp32SampleBin"/> builds it, small, with the literal in the application image: from the
    /// chip's bootloader offset (0x1000 on the ESP32, 0x0 on the S3 and C3), its images carrying the chip's id.
    /// </summary>
    private static byte[] Esp32Merged(byte[] literal, int seed, int applicationLength, int bootloaderOffset, ushort chipId)
    {
        var random = new Random(seed);
        var merged = new byte[0x10000 - bootloaderOffset + applicationLength];
        merged.AsSpan().Fill(0xFF);
        Esp32SampleImages.Image(0x2000, 0x3FFF0000, random, chipId: chipId).CopyTo(merged, 0);
        Esp32SampleImages.PartitionTable((1, 0x02, 0x9000, 0x6000, "nvs"), (1, 0x01, 0xF000, 0x1000, "phy_init"), (0, 0x00, 0x10000, 0x1F0000, "factory"))
            .CopyTo(merged, 0x8000 - bootloaderOffset);
        Esp32SampleImages.Image(applicationLength, 0x3F400020, random, literal, chipId).CopyTo(merged, 0x10000 - bootloaderOffset);
        return merged;
    }
}
