using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Inspection;
using FirmwareTools.Tests.Images;
using FirmwareTools.Simulators.Rp2;
using Xunit;

namespace FirmwareTools.Tests.Inspection;

public sealed class Uf2FirmwareInfoTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("uf2-info-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void An_rp2350_file_shows_chip_family_ranges_erases_and_the_E10_block()
    {
        FirmwareInfo info = FirmwareInspector.Inspect(Write("pico2.uf2", Rp2FirmwareImages.Uf2(Rp2Chip.Rp2350, 5000)));

        Assert.Equal(FirmwareImageFormat.Uf2, info.Format);
        Assert.True(info.IsValid, info.Problem);
        Assert.Equal(20 * 256, info.FirmwareLength);
        Uf2ImageInfo uf2 = info.Uf2!;
        Assert.Equal(21, uf2.BlockCount);
        Assert.Equal(Rp2Chip.Rp2350, uf2.Chip);
        Assert.Equal("RP2350_ARM_S (0xE48BFF59)", uf2.Family);
        Assert.Equal(["RP2XXX_ABSOLUTE (0xE48BFF57)", "RP2350_ARM_S (0xE48BFF59)"], uf2.Families);
        Assert.Equal("0x10000000-0x100013FF (5 KiB)", uf2.Regions.Single().ToString());
        Assert.Equal("0x10000000-0x10001FFF (8 KiB)", uf2.ErasedRegions.Single().ToString());
        Assert.True(uf2.HasE10Block);
        Assert.Equal("RP2XXX_ABSOLUTE: 1 of 2 block(s) (RP2350-E10 block): 0x10FFFF00-0x10FFFFFF (256 B)", uf2.Runs[0]);
        Assert.Empty(uf2.OverwritesFilesystemOf);
        Assert.Null(uf2.BootProblem);
    }

    [Fact]
    public void A_large_rp2040_file_says_whose_filesystem_it_reaches()
    {
        FirmwareInfo info = FirmwareInspector.Inspect(Write("big.uf2", Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 0xA0000 + 4096)));

        Assert.True(info.IsValid, info.Problem);
        Assert.Equal(["RPI_PICO"], info.Uf2!.OverwritesFilesystemOf);
    }

    [Fact]
    public void A_bin_named_uf2_and_a_damaged_uf2_are_invalid_with_the_reason()
    {
        FirmwareInfo bin = FirmwareInspector.Inspect(Write("firmware.uf2", Rp2FirmwareImages.Bootable(Rp2Chip.Rp2040, 1024)));
        byte[] damaged = Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 1024);
        damaged[512 + 16] = 252;
        damaged[512 + 17] = 0;
        FirmwareInfo bad = FirmwareInspector.Inspect(Write("damaged.bin", damaged));

        Assert.Equal(FirmwareImageFormat.Uf2, bin.Format);
        Assert.False(bin.IsValid);
        Assert.Equal("Uf2FileInvalid", bin.ProblemErrorId);
        Assert.Equal(FirmwareImageFormat.Uf2, bad.Format);
        Assert.False(bad.IsValid);
        Assert.Equal("Uf2RunInvalid", bad.ProblemErrorId);
        Assert.Contains("the payload is 252 bytes", bad.Problem, StringComparison.Ordinal);
        Assert.Equal(Rp2Chip.Rp2040, bad.Uf2!.Chip);
    }

    private string Write(string name, byte[] content)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
