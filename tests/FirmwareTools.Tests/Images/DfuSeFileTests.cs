using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Images;
using Xunit;

namespace FirmwareTools.Tests.Images;

public class DfuSeFileTests
{
    private static readonly DfuSeTarget[] ExampleTargets =
    {
        new(0, "ST...", new[] { new DfuSeElement(0x08000000, new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }) }),
    };

    [Fact]
    public void Writer_produces_the_313_byte_protocol_note_example()
    {
        byte[] file = DfuSeFile.Write(ExampleTargets, vendorId: 0x0483, productId: 0xDF11, bcdDevice: 0);

        Assert.Equal(313, file.Length);
        Assert.Equal(DfuTestVectors.Example313, file);
    }

    [Fact]
    public void Writer_produces_the_suffix_included_variant()
    {
        byte[] file = DfuSeFile.Write(ExampleTargets, 0x0483, 0xDF11, 0, DfuImageSizeConvention.IncludesSuffix);

        Assert.Equal(DfuTestVectors.Example313IncludingSuffix, file);
    }

    [Fact]
    public void An_unnamed_target_is_written_with_micropythons_name()
    {
        byte[] file = DfuSeFile.Write(new[] { new DfuSeTarget(0, "", ExampleTargets[0].Elements) }, 0x0483, 0xDF11, 0);

        Assert.Equal(DfuTestVectors.Example313, file);
    }

    [Theory]
    [InlineData(false, DfuImageSizeConvention.ExcludesSuffix, 297u)]
    [InlineData(true, DfuImageSizeConvention.IncludesSuffix, 313u)]
    public void Reader_accepts_both_image_size_conventions_and_says_which(bool includingSuffix, DfuImageSizeConvention convention, uint imageSize)
    {
        byte[] bytes = includingSuffix ? DfuTestVectors.Example313IncludingSuffix : DfuTestVectors.Example313;

        FirmwareImageFile file = FirmwareImageFile.Parse(bytes, "example.dfu");

        Assert.Equal(FirmwareImageFormat.DfuSe, file.Format);
        Assert.Equal(convention, file.ImageSizeConvention);
        Assert.Equal(imageSize, file.ImageSize);
        Assert.Empty(file.Warnings);
        Assert.True(file.CrcValid);
        Assert.Equal(BitConverter.ToUInt32(bytes, DfuTestVectors.CrcOffset), file.ComputedCrc);
        DfuSeTarget target = Assert.Single(file.Targets);
        Assert.Equal(0, target.AlternateSetting);
        Assert.Equal("ST...", target.Name);
        DfuSeElement element = Assert.Single(target.Elements);
        Assert.Equal(0x08000000u, element.Address);
        Assert.Equal(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }, element.Data);
        Assert.Equal((ushort)0x0483, file.Suffix!.VendorId);
        Assert.Null(file.Payload);
    }

    [Fact]
    public void An_unusual_image_size_is_a_warning_not_an_error()
    {
        byte[] bytes = DfuTestVectors.Mutated(DfuTestVectors.Example313, f => DfuTestVectors.PutUInt32(f, 6, 1234));

        FirmwareImageFile file = FirmwareImageFile.Parse(bytes, "odd.dfu");

        Assert.Equal(DfuImageSizeConvention.Unrecognized, file.ImageSizeConvention);
        Assert.Equal(1234u, file.ImageSize);
        string warning = Assert.Single(file.Warnings);
        Assert.Contains("DFUImageSize is 1234", warning, StringComparison.Ordinal);
        Assert.Single(file.Targets);
    }

    [Fact]
    public void An_unnamed_target_reads_with_an_empty_name()
    {
        byte[] bytes = DfuTestVectors.Mutated(DfuTestVectors.Example313, f => f[DfuTestVectors.TargetOffset + 7] = 0);

        Assert.Equal(string.Empty, FirmwareImageFile.Parse(bytes, "x.dfu").Targets[0].Name);
    }

    [Fact]
    public void Realistic_pyboard_image_round_trips_through_writer_and_reader()
    {
        var random = new Random(405);
        var vectors = new byte[13_956];
        var text = new byte[390 * 1024 + 100];
        random.NextBytes(vectors);
        random.NextBytes(text);
        var targets = new[] { new DfuSeTarget(0, "ST...", new[] { new DfuSeElement(0x08000000, vectors), new DfuSeElement(0x08020000, text) }) };

        byte[] bytes = DfuSeFile.Write(targets, 0x0483, 0xDF11, 0);
        FirmwareImageFile file = FirmwareImageFile.Parse(bytes, "firmware.dfu");

        Assert.Equal(11 + 274 + 8 + vectors.Length + 8 + text.Length + 16, bytes.Length);
        Assert.Equal(DfuImageSizeConvention.ExcludesSuffix, file.ImageSizeConvention);
        Assert.Equal(new uint[] { 0x08000000, 0x08020000 }, file.Targets[0].Elements.Select(e => e.Address));
        Assert.Equal(vectors, file.Targets[0].Elements[0].Data);
        Assert.Equal(text, file.Targets[0].Elements[1].Data);
        Assert.Equal(DfuTestVectors.ReferenceCrc(bytes, bytes.Length - 4), file.Suffix!.Crc);

        DfuSeFlashPlan plan = Stm32F405FlashMap.CreatePlan(file.Targets);
        Assert.Equal(new[] { 0, 5, 6, 7, 8 }, plan.Erases.Select(s => s.Index));
        Assert.False(Stm32F405FlashMap.ErasesPyboardFilesystem(plan));
    }

    [Fact]
    public void Several_targets_keep_their_alternate_settings()
    {
        var targets = new[]
        {
            new DfuSeTarget(0, "Flash", new[] { new DfuSeElement(0x08000000, new byte[] { 1, 2, 3 }) }),
            new DfuSeTarget(1, "Option bytes", new[] { new DfuSeElement(0x1FFFC000, new byte[16]) }),
        };

        FirmwareImageFile file = FirmwareImageFile.Parse(DfuSeFile.Write(targets, 0x0483, 0xDF11, 0x2200), "two.dfu");

        Assert.Equal(new byte[] { 0, 1 }, file.Targets.Select(t => t.AlternateSetting));
        Assert.Equal(new[] { "Flash", "Option bytes" }, file.Targets.Select(t => t.Name));
        Assert.Equal((ushort)0x2200, file.Suffix!.BcdDevice);
    }

    [Fact]
    public void Writer_refuses_overlapping_elements_and_bad_names()
    {
        var overlapping = new[] { new DfuSeTarget(0, "ST...", new[] { new DfuSeElement(0x08000000, new byte[8]), new DfuSeElement(0x08000004, new byte[8]) }) };
        Assert.Throws<ArgumentException>(() => DfuSeFile.Write(overlapping));
        Assert.Throws<ArgumentException>(() => DfuSeFile.Write(Array.Empty<DfuSeTarget>()));
        Assert.Throws<ArgumentException>(() => DfuSeFile.Write(new[] { new DfuSeTarget(0, new string('x', 255), ExampleTargets[0].Elements) }));
    }
}
