using FirmwareTools.Tests.Common;
using System.Globalization;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Images;
using Xunit;
using V = FirmwareTools.Tests.Images.DfuTestVectors;

namespace FirmwareTools.Tests.Images;

/// <summary>Every way a firmware file can be wrong, each with the exact error: type, ErrorId, file and byte offset.</summary>
public sealed class FirmwareFileValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ft-dfu-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Save(byte[] bytes, string name = "bad.dfu")
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private DfuFileFormatException Refused(byte[] bytes, long? offset, string fragment)
    {
        string path = Save(bytes);
        var ex = Assert.Throws<DfuFileFormatException>(() => FirmwareImageFile.Read(path));
        Assert.Equal("DfuFileInvalid", ex.ErrorId);
        Assert.Equal(FirmwareErrorKind.InvalidData, ex.Kind);
        Assert.Equal(path, ex.Target);
        Assert.Equal(offset, ex.Offset);
        Assert.Contains($"'{path}'", ex.Message, StringComparison.Ordinal);
        if (offset is long o)
        {
            Assert.Contains(string.Format(CultureInfo.InvariantCulture, "at byte offset {0} (0x{0:X})", o), ex.Message, StringComparison.Ordinal);
        }

        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        return ex;
    }

    [Fact]
    public void Empty_file() => Refused(Array.Empty<byte>(), 0, "the file is empty");

    [Fact]
    public void Prefix_cut_short() => Refused(V.Example313.Take(6).ToArray(), 6, "too short for the 11-byte DfuSe prefix");

    [Fact]
    public void Wrong_DfuSe_signature_in_a_file_whose_suffix_says_DfuSe() =>
        Refused(V.Mutated(V.Example313, f => f[1] = (byte)'F'), 0, "not \"DfuSe\" (found 44 46 75 53 65)");

    [Fact]
    public void Unsupported_prefix_version() => Refused(V.Mutated(V.Example313, f => f[5] = 2), 5, "version is 0x02");

    [Fact]
    public void Zero_targets() => Refused(V.Mutated(V.Example313, f => f[10] = 0), 10, "zero targets");

    [Fact]
    public void Wrong_Target_signature() =>
        Refused(V.Mutated(V.Example313, f => f[V.TargetOffset + 5] = (byte)'X'), V.TargetOffset, "does not start with the signature \"Target\" (found 54 61 72 67 65 58)");

    [Fact]
    public void Second_target_missing() =>
        Refused(V.Mutated(V.Example313, f => f[10] = 2), V.SuffixOffset, "target 1 (of 2) is truncated: its 274-byte target prefix has only 0 bytes before the DFU suffix");

    [Fact]
    public void Element_header_missing() =>
        Refused(V.Mutated(V.Example313, f => V.PutUInt32(f, V.DwNbElementsOffset, 2)), V.SuffixOffset, "element 1 (of 2) of target 0 is truncated");

    [Fact]
    public void Element_data_shorter_than_declared() =>
        Refused(V.Mutated(V.Example313, f => V.PutUInt32(f, V.ElementOffset + 4, 5)), V.ElementOffset, "declares 5 bytes of data, but only 4 remain before the DFU suffix (truncated)");

    [Fact]
    public void File_cut_inside_the_target_prefix() =>
        Refused(V.Example313.Take(200).ToArray(), V.TargetOffset, "only 189 bytes before the end of the file");

    [Fact]
    public void File_cut_inside_the_element_data() =>
        Refused(V.Example313.Take(V.ElementOffset + 10).ToArray(), V.ElementOffset, "declares 4 bytes of data, but only 2 remain before the end of the file");

    [Fact]
    public void File_without_its_suffix() =>
        Refused(V.Example313.Take(V.SuffixOffset).ToArray(), V.SuffixOffset - 8, "no DFU suffix");

    [Fact]
    public void Target_size_disagreeing_with_the_elements() =>
        Refused(V.Mutated(V.Example313, f => V.PutUInt32(f, V.DwTargetSizeOffset, 13)), V.DwTargetSizeOffset, "declares dwTargetSize 13 bytes, but its 1 element(s) take 12 bytes");

    [Fact]
    public void Trailing_bytes_before_the_suffix()
    {
        byte[] bytes = V.Example313.Take(V.SuffixOffset).Concat(new byte[] { 1, 2, 3 }).Concat(V.Example313.Skip(V.SuffixOffset)).ToArray();
        Refused(V.Recrc(bytes), V.SuffixOffset, "3 unexpected byte(s) follow the last target before the DFU suffix");
    }

    [Fact]
    public void Crc_mismatch_names_stored_and_computed_values()
    {
        byte[] bytes = (byte[])V.Example313.Clone();
        bytes[V.ElementOffset + 8] ^= 0x01;
        uint computed = V.ReferenceCrc(bytes, bytes.Length - 4);

        DfuFileFormatException ex = Refused(bytes, V.CrcOffset,
            string.Format(CultureInfo.InvariantCulture, "stored 0x8C524094, computed 0x{0:X8}", computed));
        Assert.Contains("-Force", ex.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void Structural_damage_also_reports_the_crc_mismatch()
    {
        byte[] bytes = (byte[])V.Example313.Clone();
        bytes[V.TargetOffset] = (byte)'t';

        Refused(bytes, V.TargetOffset, "; the DFU suffix CRC does not match the file: stored 0x8C524094");
    }

    [Fact]
    public void Bad_crc_is_accepted_when_forced_with_a_warning()
    {
        byte[] bytes = (byte[])V.Example313.Clone();
        bytes[V.ElementOffset + 8] = 0x00;

        FirmwareImageFile file = FirmwareImageFile.Read(Save(bytes), acceptBadCrc: true);

        Assert.False(file.CrcValid);
        Assert.Equal(new byte[] { 0x00, 0xAD, 0xBE, 0xEF }, file.Targets[0].Elements[0].Data);
        Assert.Contains(file.Warnings, w => w.Contains("stored 0x8C524094", StringComparison.Ordinal));
    }

    [Fact]
    public void Forcing_does_not_excuse_structural_problems() =>
        Assert.Throws<DfuFileFormatException>(() => FirmwareImageFile.Read(Save(V.Mutated(V.Example313, f => f[10] = 0)), acceptBadCrc: true));

    [Fact]
    public void Suffix_bcdDFU_must_say_DfuSe_when_the_prefix_does() =>
        Refused(V.Mutated(V.Example313, f => f[V.SuffixOffset + 6] = 0x00), V.SuffixOffset + 6, "bcdDFU 0x0100");

    [Fact]
    public void Suffix_length_below_16() => Refused(V.Mutated(V.Example313, f => f[V.SuffixOffset + 11] = 15), V.SuffixOffset + 11, "bLength is 15");

    [Fact]
    public void Element_running_past_4_GiB() =>
        Refused(V.Mutated(V.Example313, f => V.PutUInt32(f, V.ElementOffset, 0xFFFFFFFE)), V.ElementOffset, "runs past the 4 GiB address space");

    [Fact]
    public void Overlapping_elements_in_one_target()
    {
        var targets = new[] { new DfuSeTarget(0, "ST...", new[] { new DfuSeElement(0x08000000, new byte[8]), new DfuSeElement(0x08000100, new byte[8]) }) };
        byte[] bytes = V.Mutated(DfuSeFile.Write(targets), f => V.PutUInt32(f, V.ElementOffset + 16, 0x08000004));

        Refused(bytes, V.ElementOffset + 16, "element 1 of target 0 at 0x08000004-0x0800000B (8 B) overlaps element 0 of target 0 at 0x08000000-0x08000007 (8 B)");
    }

    [Fact]
    public void Overlapping_elements_across_two_targets_of_the_same_alt()
    {
        var targets = new[]
        {
            new DfuSeTarget(0, "A", new[] { new DfuSeElement(0x08020000, new byte[0x100]) }),
            new DfuSeTarget(0, "B", new[] { new DfuSeElement(0x08000000, new byte[0x100]) }),
        };
        int secondElement = V.ElementOffset + 8 + 0x100 + 274;
        byte[] bytes = V.Mutated(DfuSeFile.Write(targets), f => V.PutUInt32(f, secondElement, 0x080200F0));

        Refused(bytes, secondElement, "element 0 of target 1 at 0x080200F0-0x080201EF (256 B) overlaps element 0 of target 0");
    }

    [Fact]
    public void Same_addresses_on_different_alts_do_not_overlap()
    {
        var targets = new[]
        {
            new DfuSeTarget(0, "A", new[] { new DfuSeElement(0x08000000, new byte[16]) }),
            new DfuSeTarget(1, "B", new[] { new DfuSeElement(0x08000000, new byte[16]) }),
        };

        Assert.Equal(2, FirmwareImageFile.Read(Save(DfuSeFile.Write(targets))).Targets.Count);
    }

    [Fact]
    public void File_larger_than_any_stm32_flash()
    {
        string path = Path.Combine(_dir, "huge.bin");
        using (var stream = File.Create(path))
        {
            stream.SetLength(FirmwareImageFile.MaximumFileLength + 1);
        }

        var ex = Assert.Throws<DfuFileFormatException>(() => FirmwareImageFile.Read(path));
        Assert.Equal("DfuFileInvalid", ex.ErrorId);
        Assert.Equal(path, ex.Target);
        Assert.Equal(16L * 1024 * 1024, ex.Offset);
        Assert.Contains("larger than any STM32 flash could hold", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_not_found_naming_the_path()
    {
        string path = Path.Combine(_dir, "nope.dfu");

        var ex = Catalogued.Throws("FirmwareFileNotFound", () => FirmwareImageFile.Read(path));

        Assert.Equal("FirmwareFileNotFound", ex.ErrorId);
        Assert.Equal(FirmwareErrorKind.NotFound, ex.Kind);
        Assert.Equal(path, ex.Target);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_image_has_no_suffix_and_no_address()
    {
        byte[] raw = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();

        FirmwareImageFile file = FirmwareImageFile.Read(Save(raw, "backup.bin"));

        Assert.Equal(FirmwareImageFormat.Raw, file.Format);
        Assert.Null(file.Suffix);
        Assert.Null(file.CrcValid);
        Assert.Empty(file.Targets);
        Assert.Equal(raw, file.Payload);
        DfuSeElement element = Assert.Single(Assert.Single(file.AsTargetsAt(0x08000000)).Elements);
        Assert.Equal(0x08000000u, element.Address);
        Assert.Equal(raw, element.Data);
    }

    [Fact]
    public void Plain_dfu_file_has_its_suffix_stripped()
    {
        FirmwareImageFile file = FirmwareImageFile.Read(Save(V.PlainDfuExample, "plain.dfu"));

        Assert.Equal(FirmwareImageFormat.Dfu, file.Format);
        Assert.Equal(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }, file.Payload);
        Assert.True(file.CrcValid);
        Assert.Equal((ushort)0xFFFF, file.Suffix!.BcdDevice);
        Assert.Equal((ushort)0x0100, file.Suffix.BcdDfu);
        Assert.Equal(0xCDF492FEu, file.Suffix.Crc);
        Assert.Equal(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }, file.AsTargetsAt(0x08000000)[0].Elements[0].Data);
    }

    [Fact]
    public void Plain_dfu_file_with_a_bad_crc_is_refused_unless_forced()
    {
        byte[] bytes = (byte[])V.PlainDfuExample.Clone();
        bytes[0] = 0x00;

        Refused(bytes, bytes.Length - 4, "stored 0xCDF492FE, computed 0x" + V.ReferenceCrc(bytes, bytes.Length - 4).ToString("X8", CultureInfo.InvariantCulture));
        FirmwareImageFile forced = FirmwareImageFile.Parse(bytes, "x.dfu", acceptBadCrc: true);
        Assert.Equal(new byte[] { 0x00, 0xAD, 0xBE, 0xEF }, forced.Payload);
        Assert.False(forced.CrcValid);
    }

    [Fact]
    public void A_suffix_alone_is_not_firmware() =>
        Refused(V.Recrc(V.PlainDfuExample.Skip(4).ToArray()), 0, "holds no firmware bytes");

    [Fact]
    public void DfuSe_file_refuses_to_be_placed_at_an_address()
    {
        FirmwareImageFile file = FirmwareImageFile.Read(Save(V.Example313));

        var ex = Assert.Throws<DfuFileFormatException>(() => file.AsTargetsAt(0x08000000));

        Assert.Equal("DfuSeFileNotRawImage", ex.ErrorId);
        Assert.Equal(FirmwareErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal(file.Path, ex.Target);
        Assert.Contains("This is a DfuSe file, not a raw image", ex.Message, StringComparison.Ordinal);
    }
}
