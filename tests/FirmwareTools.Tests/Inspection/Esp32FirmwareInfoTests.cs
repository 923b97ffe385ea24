using System.Security.Cryptography;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Inspection;
using FirmwareTools.TestImages;
using FirmwareTools.Tests.Images;
using Xunit;

namespace FirmwareTools.Tests.Inspection;

public sealed class Esp32FirmwareInfoTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ft-esp-info-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Save(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] ThreeSegmentImage() => Esp32TestImage.Build(
        new[] { (0x3F400020u, new byte[0x40]), (0x3FFB0000u, Enumerable.Range(0, 0x24).Select(i => (byte)i).ToArray()), (0x40080000u, new byte[] { 1, 2, 3, 4 }) },
        mode: 0x02, sizeFrequency: 0x20, hashAppended: true, entry: 0x40081234);

    [Fact]
    public void Esp32_image_shows_chip_segments_entry_flash_parameters_and_hash_verdict()
    {
        byte[] image = ThreeSegmentImage();
        byte[] merged = image.Concat(new byte[0x100]).ToArray();
        string path = Save("ESP32_GENERIC-20240222-v1.22.2.bin", merged);

        FirmwareInfo info = FirmwareInspector.Inspect(path);

        Assert.Equal(FirmwareImageFormat.Esp32Image, info.Format);
        Assert.True(info.IsValid);
        Assert.Null(info.Problem);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(merged)).ToLowerInvariant(), info.Sha256);
        Assert.Equal(0x1000u, info.AssumedAddress);
        Esp32ImageInfo esp = info.Esp32Image!;
        Assert.Equal("ESP32", esp.Chip);
        Assert.Equal(0x40081234u, esp.EntryPoint);
        Assert.Equal(3, esp.SegmentCount);
        Assert.Equal(new uint[] { 0x3F400020, 0x3FFB0000, 0x40080000 }, esp.Segments.Select(s => s.LoadAddress));
        Assert.Equal(new uint[] { 0x40, 0x24, 4 }, esp.Segments.Select(s => s.Length));
        Assert.Equal(new[] { "DROM", "DRAM", "IRAM" }, esp.Segments.Select(s => s.Memory));
        Assert.Equal(new long[] { 32, 32 + 0x40 + 8, 32 + 0x40 + 8 + 0x24 + 8 }, esp.Segments.Select(s => s.FileOffset));
        Assert.Equal(("dio", "40m", "4MB"), (esp.FlashMode, esp.FlashFrequency, esp.FlashSize));
        Assert.Equal(0x0220, esp.FlashParameters);
        Assert.True(esp.HashAppended);
        Assert.Contains("SHA-256 match", esp.Verdict, StringComparison.Ordinal);
        Assert.Equal(image.Length, esp.ImageLength);
        Assert.Equal(0x100, esp.TrailingLength);
        Assert.Null(info.PycomPackage);
    }

    [Theory]
    [InlineData(2, "ESP32-S2", 0x1000u, 0x2F, "80m")]
    [InlineData(9, "ESP32-S3", 0x0u, 0x2F, "80m")]
    [InlineData(5, "ESP32-C3", 0x0u, 0x20, "40m")]
    [InlineData(13, "ESP32-C6", 0x0u, 0x20, "80m")]
    [InlineData(13, "ESP32-C6", 0x0u, 0x22, "20m")]
    public void A_later_chips_image_is_named_for_its_chip_with_its_offset_and_frequency(int chipId, string chip, uint offset, byte sizeFrequency, string frequency)
    {
        // docs/protocols/esp32-family.md §2.1 and §4.1: the chip id names the chip and its bootloader offset; the C6 writes 80m as 0x0.
        byte[] image = Esp32TestImage.Build(new[] { (0x3FC88000u, new byte[0x40]) }, mode: 0x02, sizeFrequency: sizeFrequency, chipId: (ushort)chipId);
        FirmwareInfo info = FirmwareInspector.Inspect(Save($"chip{chipId}-{sizeFrequency}.bin", [.. image, .. new byte[0x100]]));

        Assert.True(info.IsValid);
        Assert.Equal(chip, info.Esp32Image!.Chip);
        Assert.Equal(chipId, info.Esp32Image.ChipId);
        Assert.Equal(offset, info.AssumedAddress);
        Assert.Equal(frequency, info.Esp32Image.FlashFrequency);
    }

    [Fact]
    public void Damaged_esp32_image_is_invalid_with_the_reason_and_its_header_still_shown()
    {
        byte[] image = ThreeSegmentImage();
        image[^1] ^= 0xFF; // last byte of the digest
        string path = Save("bootloader.bin", image);

        FirmwareInfo info = FirmwareInspector.Inspect(path);

        Assert.Equal(FirmwareImageFormat.Esp32Image, info.Format);
        Assert.False(info.IsValid);
        Assert.Equal("Esp32ImageInvalid", info.ProblemErrorId);
        Assert.Contains("SHA-256 digest does not match", info.Problem, StringComparison.Ordinal);
        Assert.Contains("SHA-256 digest does not match", info.Esp32Image!.Verdict, StringComparison.Ordinal);
        Assert.Equal("dio", info.Esp32Image.FlashMode);
        Assert.Equal(3, info.Esp32Image.SegmentCount);
        Assert.Empty(info.Esp32Image.Segments);
    }

    [Fact]
    public void Pycom_package_shows_files_scripts_and_the_offsets_for_each_flash_size()
    {
        const string script2 = """
            {"version": "2.1", "partitions": {"ota_0": ["0x410000", "0x2EF000"]},
             "script": [["w", "bootloader", "bootloader.bin"], ["w", "partitions", "partitions.bin"], ["w", "ota_0", "app.bin"]]}
            """;
        byte[] tarball = TestTarball.Package(("bootloader.bin", Esp32TestImage.OfLength(0x400, seed: 1, mode: 0, sizeFrequency: 0x20)), ("partitions.bin", Esp32TestImage.PartitionTable()),
            ("app.bin", Esp32TestImage.OfLength(0x800, seed: 2)), ("script2", TestTarball.Script(script2)));
        string path = Save("LoPy4-1.20.2.tar.gz", tarball);

        FirmwareInfo info = FirmwareInspector.Inspect(path);

        Assert.Equal(FirmwareImageFormat.PycomPackage, info.Format);
        Assert.True(info.IsValid);
        PycomPackageInfo package = info.PycomPackage!;
        Assert.Equal(new[] { "bootloader.bin", "partitions.bin", "app.bin", "script2" }, package.Files.Select(f => f.Name));
        Assert.Equal(new[] { "script2" }, package.Scripts);
        PycomFlashPlan plan = Assert.Single(package.Plans);
        Assert.Equal(8L * 1024 * 1024, plan.FlashSize);
        Assert.Equal(new uint[] { 0x1000, 0x8000, 0x410000, 0x190000 }, plan.Steps.Select(s => s.Offset));
        string problem = Assert.Single(package.PlanProblems);
        Assert.StartsWith("4 MiB:", problem, StringComparison.Ordinal);
        Assert.Contains(info.Warnings, w => w.StartsWith("4 MiB:", StringComparison.Ordinal));
    }

    [Fact]
    public void Malicious_package_is_invalid_with_the_entry_named()
    {
        byte[] tarball = TestTarball.Package(("script", TestTarball.Script("""[["w", "0x1000", "a.bin"]]""")), ("../../a.bin", new byte[4]));
        string path = Save("evil.tar.gz", tarball);

        FirmwareInfo info = FirmwareInspector.Inspect(path);

        Assert.Equal(FirmwareImageFormat.PycomPackage, info.Format);
        Assert.False(info.IsValid);
        Assert.Equal("PycomPackageInvalid", info.ProblemErrorId);
        Assert.Contains("'../../a.bin'", info.Problem, StringComparison.Ordinal);
        Assert.Null(info.PycomPackage);
    }
}
