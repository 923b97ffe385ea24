using FirmwareTools.Tests.Common;
using System.Security.Cryptography;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Inspection;
using Xunit;
using V = FirmwareTools.Tests.Images.DfuTestVectors;

namespace FirmwareTools.Tests.Inspection;

public sealed class FirmwareInspectorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ft-info-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Save(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Sha256Hex(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    [Fact]
    public void Pyboard_dfu_file_is_described_completely()
    {
        var vectors = new byte[14_000];
        var text = new byte[390 * 1024];
        new Random(1).NextBytes(text);
        byte[] bytes = DfuSeFile.Write(new[] { new DfuSeTarget(0, "ST...", new[] { new DfuSeElement(0x08000000, vectors), new DfuSeElement(0x08020000, text) }) });
        string path = Save("PYBV11-20260801-v1.26.0.dfu", bytes);

        FirmwareInfo info = FirmwareInspector.Inspect(path);

        Assert.True(info.IsValid);
        Assert.Null(info.Problem);
        Assert.Equal(path, info.Path);
        Assert.Equal("PYBV11-20260801-v1.26.0.dfu", info.Name);
        Assert.Equal(FirmwareImageFormat.DfuSe, info.Format);
        Assert.Equal(bytes.Length, info.Length);
        Assert.Equal(Sha256Hex(bytes), info.Sha256);
        Assert.Equal(14_000 + (390 * 1024), info.FirmwareLength);
        FirmwareTargetInfo target = Assert.Single(info.Targets);
        Assert.Equal(0, target.AlternateSetting);
        Assert.Equal("ST...", target.Name);
        Assert.Equal(new[] { "0x08000000-0x080036AF", "0x08020000-0x080817FF" }, target.Elements.Select(e => e.Range));
        Assert.Equal(new long[] { 14_000, 390 * 1024 }, target.Elements.Select(e => e.Length));
        Assert.Equal("alt 0 \"ST...\": 0x08000000-0x080036AF (13.7 KiB), 0x08020000-0x080817FF (390 KiB)", target.ToString());
        Assert.Equal((ushort)0x0483, info.VendorId);
        Assert.Equal((ushort)0xDF11, info.ProductId);
        Assert.Equal((ushort)0x0000, info.BcdDevice);
        Assert.Equal((ushort)0x011A, info.BcdDfu);
        Assert.Equal(V.ReferenceCrc(bytes, bytes.Length - 4), info.CrcStored);
        Assert.Equal(info.CrcStored, info.CrcComputed);
        Assert.True(info.CrcValid);
        Assert.Equal(DfuImageSizeConvention.ExcludesSuffix, info.ImageSizeConvention);
        Assert.Equal(new[] { 0, 5, 6, 7, 8 }, info.F405SectorNumbers);
        Assert.Equal(new uint[] { 0x08000000, 0x08020000, 0x08040000, 0x08060000, 0x08080000 }, info.F405EraseSectors.Select(s => s.Address));
        Assert.False(info.F405TouchesFilesystem);
        Assert.Null(info.F405Problem);
        Assert.Null(info.AssumedAddress);
    }

    [Fact]
    public void Raw_backup_is_assumed_at_the_start_of_flash_and_would_erase_the_filesystem()
    {
        byte[] bytes = new byte[1024 * 1024];
        string path = Save("backup.bin", bytes);

        FirmwareInfo info = FirmwareInspector.Inspect(path);

        Assert.True(info.IsValid);
        Assert.Equal(FirmwareImageFormat.Raw, info.Format);
        Assert.Equal(0x08000000u, info.AssumedAddress);
        Assert.Null(info.CrcValid);
        Assert.Null(info.VendorId);
        Assert.Equal(Enumerable.Range(0, 12), info.F405SectorNumbers);
        Assert.True(info.F405TouchesFilesystem);
    }

    [Fact]
    public void Damaged_file_gives_an_invalid_info_with_the_problem_and_still_the_structure()
    {
        byte[] bytes = (byte[])V.Example313.Clone();
        bytes[V.ElementOffset + 9] = 0x00;
        string path = Save("damaged.dfu", bytes);

        FirmwareInfo info = FirmwareInspector.Inspect(path);

        Assert.False(info.IsValid);
        Assert.Equal("DfuFileInvalid", info.ProblemErrorId);
        Assert.Equal(V.CrcOffset, info.ProblemOffset);
        Assert.Contains(path, info.Problem, StringComparison.Ordinal);
        Assert.Contains("stored 0x8C524094", info.Problem, StringComparison.Ordinal);
        Assert.False(info.CrcValid);
        Assert.Equal(0x8C524094u, info.CrcStored);
        Assert.Equal(V.ReferenceCrc(bytes, bytes.Length - 4), info.CrcComputed);
        Assert.Equal(Sha256Hex(bytes), info.Sha256);
        Assert.Single(info.Targets);
        Assert.Empty(info.Warnings);
    }

    [Fact]
    public void Structurally_broken_file_gives_the_problem_and_the_format()
    {
        string path = Save("broken.dfu", V.Mutated(V.Example313, f => f[V.TargetOffset] = (byte)'X'));

        FirmwareInfo info = FirmwareInspector.Inspect(path);

        Assert.False(info.IsValid);
        Assert.Equal(FirmwareImageFormat.DfuSe, info.Format);
        Assert.Equal(V.TargetOffset, info.ProblemOffset);
        Assert.Contains("\"Target\"", info.Problem, StringComparison.Ordinal);
        Assert.Empty(info.Targets);
        Assert.Equal(313, info.Length);
    }

    [Fact]
    public void Empty_file_is_invalid_not_an_exception()
    {
        FirmwareInfo info = FirmwareInspector.Inspect(Save("empty.dfu", Array.Empty<byte>()));

        Assert.False(info.IsValid);
        Assert.Contains("the file is empty", info.Problem, StringComparison.Ordinal);
        Assert.Equal(Sha256Hex(Array.Empty<byte>()), info.Sha256);
    }

    [Fact]
    public void File_for_another_chip_is_valid_but_says_it_cannot_go_on_an_F405()
    {
        byte[] bytes = DfuSeFile.Write(new[] { new DfuSeTarget(0, "ST...", new[] { new DfuSeElement(0x08100000, new byte[64]) }) });

        FirmwareInfo info = FirmwareInspector.Inspect(Save("h7.dfu", bytes));

        Assert.True(info.IsValid);
        Assert.Empty(info.F405SectorNumbers);
        Assert.Null(info.F405TouchesFilesystem);
        Assert.Contains("0x08100000", info.F405Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_file_is_invalid_and_still_hashed()
    {
        string path = Path.Combine(_dir, "disk.img");
        using (var stream = File.Create(path))
        {
            stream.SetLength(FirmwareImageFile.MaximumFileLength + 1);
        }

        FirmwareInfo info = FirmwareInspector.Inspect(path);

        Assert.False(info.IsValid);
        Assert.Equal(FirmwareImageFile.MaximumFileLength, info.ProblemOffset);
        Assert.Contains("larger than any STM32 flash", info.Problem, StringComparison.Ordinal);
        Assert.Equal(Sha256Hex(new byte[FirmwareImageFile.MaximumFileLength + 1]), info.Sha256);
    }

    [Fact]
    public void Missing_file_is_a_typed_not_found_error()
    {
        string path = Path.Combine(_dir, "missing.dfu");

        var ex = Catalogued.Throws("FirmwareFileNotFound", () => FirmwareInspector.Inspect(path));

        Assert.Equal(FirmwareErrorKind.NotFound, ex.Kind);
        Assert.Equal("FirmwareFileNotFound", ex.ErrorId);
        Assert.Equal(path, ex.Target);
    }
}
