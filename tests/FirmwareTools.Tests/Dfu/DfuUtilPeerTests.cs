using System.Globalization;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Tests.Images;
using Xunit;

namespace FirmwareTools.Tests.Dfu;

/// <summary>Our .dfu files against dfu-util's own tools, both ways: they accept what we write, we read what they write.</summary>
public sealed class DfuUtilPeerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ft-dfupeer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] RandomBytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static string Hex8(uint value) => value.ToString("X8", CultureInfo.InvariantCulture);

    private string Save(string name, byte[] bytes)
    {
        File.WriteAllBytes(Path.Combine(_dir, name), bytes);
        return name;
    }

    private static (byte[] Vectors, byte[] Text, DfuSeTarget[] Targets) PyboardImage()
    {
        byte[] vectors = RandomBytes(14_012, 1);
        byte[] text = RandomBytes(390 * 1024 + 36, 2);
        return (vectors, text, new[] { new DfuSeTarget(0, "ST...", new[] { new DfuSeElement(0x08000000, vectors), new DfuSeElement(0x08020000, text) }) });
    }

    [Fact]
    public void A_missing_tool_fails_the_test_and_says_how_to_install_it()
    {
        var ex = Assert.Throws<Xunit.Sdk.FailException>(() => DfuUtilPeer.Require("dfu-suffix-that-does-not-exist"));

        Assert.Contains("tools/install-test-deps.sh", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dfu-suffix")]
    [InlineData("dfu-prefix")]
    public void Dfu_util_checks_the_suffix_of_a_dfuse_file_we_write(string tool)
    {
        var (_, _, targets) = PyboardImage();
        byte[] bytes = DfuSeFile.Write(targets, 0x0483, 0xDF11, 0x2200);
        string name = Save("firmware.dfu", bytes);

        DfuUtilPeer.Result result = DfuUtilPeer.Run(_dir, tool, "-c", name);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("contains a DFU suffix", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("BCD device:\t0x2200", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("Product ID:\t0xDF11", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("Vendor ID:\t0x0483", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("BCD DFU:\t0x011A", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("Length:\t\t16", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("CRC:\t\t0x" + Hex8(DfuTestVectors.ReferenceCrc(bytes, bytes.Length - 4)), result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Dfu_suffix_checks_a_plain_dfu_file_we_write()
    {
        byte[] bytes = DfuFile.Write(RandomBytes(3000, 3), 0x0483, 0xDF11, 0xFFFF);
        string name = Save("plain.dfu", bytes);

        DfuUtilPeer.Result result = DfuUtilPeer.Run(_dir, "dfu-suffix", "-c", name);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("BCD device:\t0xFFFF", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("BCD DFU:\t0x0100", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("CRC:\t\t0x" + Hex8(DfuTestVectors.ReferenceCrc(bytes, bytes.Length - 4)), result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Dfu_suffix_and_our_reader_both_refuse_a_damaged_file()
    {
        var (_, _, targets) = PyboardImage();
        byte[] bytes = DfuSeFile.Write(targets, 0x0483, 0xDF11, 0);
        bytes[5000] ^= 0x40;
        string name = Save("damaged.dfu", bytes);

        DfuUtilPeer.Result result = DfuUtilPeer.Run(_dir, "dfu-suffix", "-c", name);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("DFU suffix CRC does not match", result.StdErr, StringComparison.Ordinal);
        var ex = Assert.Throws<DfuFileFormatException>(() => FirmwareImageFile.Read(Path.Combine(_dir, name)));
        Assert.Equal(bytes.Length - 4, ex.Offset);
    }

    [Fact]
    public void Dfuse_pack_dumps_the_elements_of_a_file_we_write_byte_for_byte()
    {
        var (vectors, text, targets) = PyboardImage();
        byte[] bytes = DfuSeFile.Write(targets, 0x0483, 0xDF11, 0);
        string name = Save("firmware.dfu", bytes);

        // -d parses the file, prints prefix, targets, elements and suffix, and writes each element to <file>.targetT.imageE.bin.
        DfuUtilPeer.Result result = DfuUtilPeer.Run(_dir, "dfuse-pack", "-d", name);

        Assert.True(result.ExitCode == 0, result.ToString());
        string o = result.StdOut;
        Assert.Contains($"v1, image size: {bytes.Length - 16}, targets: 1", o, StringComparison.Ordinal);
        Assert.Contains("0, alt setting: 0, name: \"b'ST...'\", size: " + (8 + vectors.Length + 8 + text.Length) + ", elements: 2", o, StringComparison.Ordinal);
        Assert.Contains($"  0, address: 0x08000000, size: {vectors.Length}", o, StringComparison.Ordinal);
        Assert.Contains($"  1, address: 0x08020000, size: {text.Length}", o, StringComparison.Ordinal);
        Assert.Contains("usb: 0483:df11, device: 0x0000, dfu: 0x011a, b'UFD', 16, 0x" + Hex8(DfuTestVectors.ReferenceCrc(bytes, bytes.Length - 4)).ToLowerInvariant(), o, StringComparison.Ordinal);
        Assert.DoesNotContain("ERROR", o, StringComparison.Ordinal);
        Assert.Equal(vectors, File.ReadAllBytes(Path.Combine(_dir, name + ".target0.image0.bin")));
        Assert.Equal(text, File.ReadAllBytes(Path.Combine(_dir, name + ".target0.image1.bin")));
    }

    [Fact]
    public void Dfuse_pack_reads_a_two_target_file_we_write()
    {
        byte[] flash = RandomBytes(2048, 4);
        byte[] options = RandomBytes(16, 5);
        var targets = new[]
        {
            new DfuSeTarget(0, "ST...", new[] { new DfuSeElement(0x08000000, flash) }),
            new DfuSeTarget(1, "ST...", new[] { new DfuSeElement(0x1FFFC000, options) }),
        };
        string name = Save("two.dfu", DfuSeFile.Write(targets, 0x0483, 0xDF11, 0, DfuImageSizeConvention.IncludesSuffix));

        DfuUtilPeer.Result result = DfuUtilPeer.Run(_dir, "dfuse-pack", "-d", name);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"image size: {11 + (2 * 274) + 8 + 2048 + 8 + 16 + 16}, targets: 2", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("1, alt setting: 1, name: \"b'ST...'\", size: 24, elements: 1", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("  0, address: 0x1fffc000, size: 16", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("ERROR", result.StdOut, StringComparison.Ordinal);
        Assert.Equal(options, File.ReadAllBytes(Path.Combine(_dir, name + ".target1.image0.bin")));
    }

    [Fact]
    public void We_read_a_file_dfuse_pack_builds()
    {
        byte[] a = RandomBytes(12_000, 6);
        byte[] b = RandomBytes(390 * 1024, 7);
        Save("a.bin", a);
        Save("b.bin", b);

        DfuUtilPeer.Result result = DfuUtilPeer.Run(_dir, "dfuse-pack", "-b", "0x08000000:a.bin", "-b", "0x08020000:b.bin", "out.dfu");

        Assert.True(result.ExitCode == 0, result.ToString());
        FirmwareImageFile file = FirmwareImageFile.Read(Path.Combine(_dir, "out.dfu"));
        Assert.Equal(FirmwareImageFormat.DfuSe, file.Format);
        Assert.True(file.CrcValid);
        Assert.Empty(file.Warnings);
        Assert.Equal(DfuImageSizeConvention.IncludesSuffix, file.ImageSizeConvention);
        Assert.Equal((ushort)0x0483, file.Suffix!.VendorId);
        Assert.Equal((ushort)0xDF11, file.Suffix.ProductId);
        DfuSeTarget target = Assert.Single(file.Targets);
        Assert.Equal(0, target.AlternateSetting);
        Assert.Equal("ST...", target.Name);
        Assert.Equal(new uint[] { 0x08000000, 0x08020000 }, target.Elements.Select(e => e.Address));
        Assert.Equal(a, target.Elements[0].Data);
        Assert.Equal(b, target.Elements[1].Data);
        Assert.Equal(new[] { 0, 5, 6, 7, 8 }, Stm32F405FlashMap.SectorsToErase(file.Targets).Select(s => s.Index));
    }

    [Fact]
    public void We_read_a_multi_alt_file_dfuse_pack_builds()
    {
        byte[] a = RandomBytes(100, 8);
        byte[] opt = RandomBytes(16, 9);
        Save("a.bin", a);
        Save("opt.bin", opt);

        DfuUtilPeer.Result result = DfuUtilPeer.Run(_dir, "dfuse-pack", "-b", "0x08000000:a.bin", "-b", "0x1FFFC000@1:opt.bin", "-D", "0x0483:0xdf11", "out.dfu");

        Assert.True(result.ExitCode == 0, result.ToString());
        FirmwareImageFile file = FirmwareImageFile.Read(Path.Combine(_dir, "out.dfu"));
        Assert.Equal(new byte[] { 0, 1 }, file.Targets.Select(t => t.AlternateSetting));
        Assert.Equal(0x1FFFC000u, file.Targets[1].Elements[0].Address);
        Assert.Equal(opt, file.Targets[1].Elements[0].Data);
    }

    [Fact]
    public void We_read_a_plain_dfu_file_dfu_suffix_builds()
    {
        byte[] raw = RandomBytes(5000, 10);
        Save("raw.bin", raw);

        DfuUtilPeer.Result result = DfuUtilPeer.Run(_dir, "dfu-suffix", "-v", "0x0483", "-p", "0xdf11", "-d", "0x2200", "-a", "raw.bin");

        Assert.True(result.ExitCode == 0, result.ToString());
        FirmwareImageFile file = FirmwareImageFile.Read(Path.Combine(_dir, "raw.bin"));
        Assert.Equal(FirmwareImageFormat.Dfu, file.Format);
        Assert.True(file.CrcValid);
        Assert.Equal(raw, file.Payload);
        Assert.Equal((ushort)0x0483, file.Suffix!.VendorId);
        Assert.Equal((ushort)0xDF11, file.Suffix.ProductId);
        Assert.Equal((ushort)0x2200, file.Suffix.BcdDevice);
        Assert.Equal((ushort)0x0100, file.Suffix.BcdDfu);
    }
}
