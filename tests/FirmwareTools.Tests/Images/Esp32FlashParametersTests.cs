using FirmwareTools.Tests.Common;
using System.Security.Cryptography;
using FirmwareTools.Protocols.Images;
using FirmwareTools.TestImages;
using Xunit;

namespace FirmwareTools.Tests.Images;

public sealed class Esp32FlashParametersTests
{
    private const long FourMB = 4L * 1024 * 1024;

    [Fact]
    public void Seed_dio_80m_detect_on_a_4MB_chip_gives_header_bytes_02_2F()
    {
        // Built as qio / 40m / 2MB so every part has to change.
        byte[] image = Esp32TestImage.OfLength(12_896, seed: 1, hashAppended: false, mode: 0x00, sizeFrequency: 0x10);
        Esp32FlashParameters seed = Esp32FlashParameters.Parse("dio", "80m", "detect");

        Esp32HeaderPatch patch = Esp32HeaderPatcher.Patch(image, 0x1000, seed, FourMB, "bootloader.bin");

        Assert.True(patch.Patched);
        Assert.Equal(new byte[] { 0x02, 0x2F }, patch.Data[2..4]);
        Assert.Equal(0x022F, patch.After);
        Assert.Equal(0x0010, patch.Before);
        Assert.False(patch.DigestRecomputed);
        // Only bytes 2-3 change; the input array is left alone.
        Assert.Equal(image[..2], patch.Data[..2]);
        Assert.Equal(image[4..], patch.Data[4..]);
        Assert.Equal(0x00, image[2]);
    }

    [Fact]
    public void Appended_sha256_is_recomputed_over_the_patched_image_and_bytes_after_the_digest_are_kept()
    {
        byte[] bootloader = Esp32TestImage.OfLength(0x3000, seed: 2, hashAppended: true, mode: 0x00, sizeFrequency: 0x20);
        var trailer = new byte[0x500];
        new Random(3).NextBytes(trailer);
        byte[] merged = bootloader.Concat(trailer).ToArray(); // like MicroPython's single .bin: partition table and app follow

        Esp32HeaderPatch patch = Esp32HeaderPatcher.Patch(merged, 0x1000, Esp32FlashParameters.PycomUpdater, FourMB, "firmware.bin");

        Assert.True(patch.Patched);
        Assert.True(patch.DigestRecomputed);
        byte[] data = patch.Data;
        Assert.Equal(new byte[] { 0x02, 0x2F }, data[2..4]);
        int digestAt = bootloader.Length - 32;
        Assert.Equal(SHA256.HashData(data.AsSpan(0, digestAt)), data[digestAt..bootloader.Length]);
        Assert.Equal(CoreutilsSha256(data[..digestAt]), Convert.ToHexString(data[digestAt..bootloader.Length]).ToLowerInvariant());
        Assert.NotEqual(bootloader[digestAt..], data[digestAt..bootloader.Length]);
        Assert.Equal(trailer, data[bootloader.Length..]);
        Assert.Equal(merged[4..digestAt], data[4..digestAt]);
        // The project's own reader accepts the result (checksum and digest).
        Esp32Image reread = Esp32Image.Read(new MemoryStream(data), "patched");
        Assert.Equal(0x02, reread.FlashMode);
        Assert.Equal(0x2F, reread.FlashSizeFrequency);
    }

    [Fact]
    public void Keep_changes_nothing_and_each_part_can_be_kept_on_its_own()
    {
        byte[] image = Esp32TestImage.OfLength(0x400, seed: 4, hashAppended: true, mode: 0x03, sizeFrequency: 0x21);

        Esp32HeaderPatch kept = Esp32HeaderPatcher.Patch(image, 0x1000, Esp32FlashParameters.Keep, FourMB, "b.bin");
        Assert.False(kept.Patched);
        Assert.Same(image, kept.Data);

        Esp32HeaderPatch frequencyOnly = Esp32HeaderPatcher.Patch(image, 0x1000, Esp32FlashParameters.Parse(null, "80m", "keep"), FourMB, "b.bin");
        Assert.True(frequencyOnly.Patched);
        Assert.Equal(new byte[] { 0x03, 0x2F }, frequencyOnly.Data[2..4]);

        Esp32HeaderPatch sizeOnly = Esp32HeaderPatcher.Patch(image, 0x1000, Esp32FlashParameters.Parse("keep", "keep", "16MB"), FourMB, "b.bin");
        Assert.Equal(new byte[] { 0x03, 0x41 }, sizeOnly.Data[2..4]);
    }

    [Fact]
    public void Only_the_bootloader_offset_is_patched()
    {
        byte[] app = Esp32TestImage.OfLength(0x400, seed: 5, mode: 0x00, sizeFrequency: 0x00);

        Esp32HeaderPatch patch = Esp32HeaderPatcher.Patch(app, 0x10000, Esp32FlashParameters.PycomUpdater, FourMB, "app.bin");

        Assert.False(patch.Patched);
        Assert.Same(app, patch.Data);
        Assert.Null(patch.Note);
    }

    [Fact]
    public void A_damaged_image_or_one_for_another_chip_is_written_unmodified_with_a_note()
    {
        byte[] image = Esp32TestImage.OfLength(0x400, seed: 6, hashAppended: false, mode: 0x00, sizeFrequency: 0x00);
        image[100] ^= 0x55; // checksum no longer matches: could be an encrypted blob starting with 0xE9

        Esp32HeaderPatch damaged = Esp32HeaderPatcher.Patch(image, 0x1000, Esp32FlashParameters.PycomUpdater, FourMB, "enc.bin");
        Assert.False(damaged.Patched);
        Assert.Same(image, damaged.Data);
        Assert.Contains("not a valid ESP32 image", damaged.Note);

        // An ESP32-S3 image at 0x1000 is not the S3's bootloader (that lives at 0x0, docs/protocols/esp32-family.md §2.1): untouched.
        byte[] s3 = Esp32TestImage.Build(new[] { (0x3FC88000u, new byte[64]) }, mode: 0, sizeFrequency: 0, chipId: 9);
        Esp32HeaderPatch other = Esp32HeaderPatcher.Patch(s3, 0x1000, Esp32FlashParameters.PycomUpdater, FourMB, "s3.bin");
        Assert.False(other.Patched);
        Assert.Same(s3, other.Data);

        byte[] notImage = { 0x00, 0x01, 0x02, 0x03, 0x04 };
        Esp32HeaderPatch raw = Esp32HeaderPatcher.Patch(notImage, 0x1000, Esp32FlashParameters.PycomUpdater, FourMB, "raw.bin");
        Assert.False(raw.Patched);
        Assert.Contains("does not look like an image file", raw.Note);
    }

    [Fact]
    public void Detect_without_a_usable_size_keeps_the_size_nibble_and_says_so()
    {
        byte[] image = Esp32TestImage.OfLength(0x400, seed: 7, mode: 0x00, sizeFrequency: 0x30);

        Esp32HeaderPatch unknown = Esp32HeaderPatcher.Patch(image, 0x1000, Esp32FlashParameters.PycomUpdater, null, "b.bin");
        Assert.Equal(new byte[] { 0x02, 0x3F }, unknown.Data[2..4]);
        Assert.Contains("could not be detected", unknown.Note);

        Esp32HeaderPatch huge = Esp32HeaderPatcher.Patch(image, 0x1000, Esp32FlashParameters.PycomUpdater, 32L * 1024 * 1024, "b.bin");
        Assert.Equal(new byte[] { 0x02, 0x3F }, huge.Data[2..4]);
        Assert.Contains("no ESP32 header code", huge.Note);
    }

    [Theory]
    [InlineData("qio", 0x00)]
    [InlineData("QOUT", 0x01)]
    [InlineData("dio", 0x02)]
    [InlineData("dout", 0x03)]
    public void Mode_codes_follow_the_protocol_notes(string mode, byte code) =>
        Assert.Equal(code, Esp32FlashParameters.ModeCode(Esp32FlashParameters.ParseMode(mode)));

    [Theory]
    [InlineData("40m", 0x0)]
    [InlineData("26m", 0x1)]
    [InlineData("20m", 0x2)]
    [InlineData("80m", 0xF)]
    public void Frequency_codes_follow_the_protocol_notes(string frequency, byte code) =>
        Assert.Equal(code, Esp32FlashParameters.FrequencyCode(Esp32FlashParameters.ParseFrequency(frequency)));

    [Theory]
    [InlineData("1MB", 0x00)]
    [InlineData("2MB", 0x10)]
    [InlineData("4mb", 0x20)]
    [InlineData("8MB", 0x30)]
    [InlineData("16MB", 0x40)]
    public void Size_codes_follow_the_protocol_notes(string size, byte code) =>
        Assert.Equal(code, Esp32FlashParameters.SizeCode(Esp32FlashParameters.SizeBytes(Esp32FlashParameters.ParseSize(size))!.Value));

    [Fact]
    public void Unknown_spellings_are_refused_with_the_allowed_values()
    {
        var e = Catalogued.Throws("Esp32FlashParametersInvalid", () => Esp32FlashParameters.Parse("fast", null, null));
        Assert.Equal("Esp32FlashParametersInvalid", e.ErrorId);
        Assert.Contains("qio, qout, dio, dout", e.Message);
        Catalogued.Throws("Esp32FlashParametersInvalid", () => Esp32FlashParameters.ParseFrequency("160m"));
        Catalogued.Throws("Esp32FlashParametersInvalid", () => Esp32FlashParameters.ParseSize("32MB"));
        Assert.Equal("dio/80m/detect", Esp32FlashParameters.PycomUpdater.ToString());
        Assert.Equal("keep/keep/keep", Esp32FlashParameters.Parse("", null, "keep").ToString());
    }

    /// <summary>The digest by GNU coreutils' sha256sum, a peer outside .NET.</summary>
    private static string CoreutilsSha256(byte[] data)
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(file, data);
            var start = new System.Diagnostics.ProcessStartInfo("sha256sum") { RedirectStandardOutput = true };
            start.ArgumentList.Add(file);
            using var process = System.Diagnostics.Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return output.Split(' ')[0];
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(9, 0x0u, "80m", 0x2F)]
    [InlineData(5, 0x0u, "80m", 0x2F)]
    [InlineData(2, 0x1000u, "80m", 0x2F)]
    [InlineData(13, 0x0u, "80m", 0x20)]
    [InlineData(13, 0x0u, "20m", 0x22)]
    public void A_later_chips_bootloader_is_patched_at_its_own_offset_with_its_frequency_code(int chipId, uint offset, string frequency, int expected)
    {
        // docs/protocols/esp32-family.md §4.1: 80m is 0xF except on the ESP32-C6, whose ROM reads it as 0x0.
        byte[] image = Esp32TestImage.Build(new[] { (0x3FC88000u, new byte[64]) }, mode: 0, sizeFrequency: 0x21, chipId: (ushort)chipId);
        Esp32HeaderPatch patch = Esp32HeaderPatcher.Patch(image, offset, Esp32FlashParameters.Parse("dio", frequency, "4MB"), FourMB, "bootloader.bin");
        Assert.True(patch.Patched);
        Assert.Equal(0x02, patch.Data[2]);
        Assert.Equal(expected, patch.Data[3]);
        Esp32Image.Read(new MemoryStream(patch.Data), "patched"); // the recomputed SHA-256 matches
    }

    [Fact]
    public void The_c6_has_no_26m_code_so_the_frequency_is_kept_and_said()
    {
        byte[] image = Esp32TestImage.Build(new[] { (0x3FC88000u, new byte[64]) }, mode: 0, sizeFrequency: 0x22, chipId: 13);
        Esp32HeaderPatch patch = Esp32HeaderPatcher.Patch(image, 0x0, Esp32FlashParameters.Parse("dio", "26m", "keep"), FourMB, "bootloader.bin");
        Assert.Equal(0x22, patch.Data[3]);
        Assert.Contains("ESP32-C6 has no header code for 26m", patch.Note);
        Assert.Equal("80m", Esp32Chips.DescribeFrequency(13, 0x20));
        Assert.Equal("40m", Esp32Chips.DescribeFrequency(9, 0x20));
    }
}
