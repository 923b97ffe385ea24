using System.Security.Cryptography;
using FirmwareTools.Protocols;
using Xunit;

namespace FirmwareTools.Tests.Common;

/// <summary>The one helper for bytes and files (Common/): hex, little-endian fields, padding, MD5, atomic writes.</summary>
public sealed class BytesAndFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ft-bytes-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Hex_forms()
    {
        Assert.Equal("00ff1a", Hex.Lower([0x00, 0xFF, 0x1A]));
        Assert.Equal("0x3FF5A000", Hex.Address(0x3FF5A000));
        Assert.Equal("0x0", Hex.Address(0));
        Assert.Equal("44 66 75", Hex.Spaced("Dfu"u8.ToArray(), 0, 9));
        Assert.Equal(string.Empty, Hex.Spaced([1, 2], 2, 4));
    }

    [Theory]
    [InlineData("0x1000", true, 0x1000u)]
    [InlineData("0X8000", true, 0x8000u)]
    [InlineData("ffffffff", true, 0xFFFFFFFFu)]
    [InlineData("0x100000000", false, 0u)]
    [InlineData("0x", false, 0u)]
    [InlineData("", false, 0u)]
    [InlineData("-1", false, 0u)]
    [InlineData(" 10", false, 0u)]
    [InlineData("0x1g", false, 0u)]
    public void Hex_parses_a_32_bit_value(string text, bool ok, uint expected)
    {
        Assert.Equal(ok, Hex.TryParseUInt32(text, out uint value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Little_endian_fields_round_trip_lowest_byte_first()
    {
        var bytes = new byte[8];
        LittleEndian.WriteUInt32(bytes, 1, 0x11223344);
        LittleEndian.WriteUInt16(bytes, 5, 0xAABB);
        Assert.Equal(new byte[] { 0, 0x44, 0x33, 0x22, 0x11, 0xBB, 0xAA, 0 }, bytes);
        Assert.Equal(0x11223344u, LittleEndian.ReadUInt32(bytes, 1));
        Assert.Equal((ushort)0xAABB, LittleEndian.ReadUInt16(bytes, 5));
        Assert.Equal(new byte[] { 0x83, 0x1D, 0xF0, 0x00 }, LittleEndian.Bytes(0x00F01D83));
    }

    [Fact]
    public void Padding_fills_with_erased_flash_to_a_multiple()
    {
        byte[] same = [1, 2, 3, 4];
        Assert.Same(same, Padding.ToMultiple(same, 4));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 0xFF, 0xFF, 0xFF }, Padding.ToMultiple([1, 2, 3, 4, 5], 4));
        Assert.Equal(0x2000, Padding.RoundUp(0x1001, 0x1000));
        Assert.Equal(0, Padding.RoundUp(0, 4));
    }

    // The ROM's SPI_FLASH_MD5 of an erased range is the MD5 of that many 0xFF bytes (esptool: hashlib.md5(b"\xff" * size)).
    // The two copies this replaced (Esp32Installer and PycomPlanner) chunked differently (one fixed 64 KiB buffer and a
    // zero-length final block; one buffer sized to the range and the remainder as the final block) but both hashed
    // exactly `length` 0xFF bytes, so both agreed with this reference at every length: the boundaries below are where
    // their chunking differed.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(65537)]
    [InlineData(3 * 65536)]
    [InlineData(3 * 65536 + 5)]
    public void Erased_md5_is_the_md5_of_that_many_ff_bytes(int length)
    {
        byte[] ff = Enumerable.Repeat((byte)0xFF, length).ToArray();
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(ff)), Md5Digest.Erased(length));
    }

    [Fact]
    public void Erased_md5_of_the_empty_range_is_the_md5_of_nothing()
    {
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", Md5Digest.Erased(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Md5Digest.Erased(-1));
    }

    [Fact]
    public void File_md5_covers_the_file_and_the_padding_written_after_it()
    {
        byte[] data = Enumerable.Range(0, 70001).Select(i => (byte)i).ToArray();
        string path = Path.Combine(_dir, "app.bin");
        File.WriteAllBytes(path, data);
        Assert.Equal(Md5Digest.Of(Padding.ToMultiple(data, 4)), Md5Digest.OfFilePadded(path, data.Length, 4));
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data.Concat(new byte[] { 0xFF, 0xFF, 0xFF }).ToArray())), Md5Digest.OfFilePadded(path, data.Length, 4));
    }

    [Fact]
    public void Atomic_write_creates_and_replaces_and_leaves_no_temporary_file()
    {
        string target = Path.Combine(_dir, "backup.bin");
        AtomicFile.Write(target, [1, 2, 3], overwrite: false, p => new IOException(p));
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(target));
        AtomicFile.Write(target, [4, 5], overwrite: true, p => new IOException(p));
        Assert.Equal(new byte[] { 4, 5 }, File.ReadAllBytes(target));
        Assert.Equal(["backup.bin"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Atomic_write_refuses_an_existing_file_without_overwrite_and_keeps_it()
    {
        string target = Path.Combine(_dir, "backup.bin");
        File.WriteAllBytes(target, [9, 9]);
        var e = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(target, [1], overwrite: false, p => new InvalidOperationException("exists: " + p)));
        Assert.Equal("exists: " + target, e.Message);
        Assert.Equal(new byte[] { 9, 9 }, File.ReadAllBytes(target));
        Assert.Single(Directory.GetFileSystemEntries(_dir));
    }

    [Fact]
    public void Atomic_write_that_fails_at_the_rename_leaves_the_target_and_no_partial_file()
    {
        // The target's name is a folder: the bytes are written and flushed, then the rename fails.
        string target = Path.Combine(_dir, "taken");
        Directory.CreateDirectory(target);
        File.WriteAllBytes(Path.Combine(target, "inside.txt"), [7]);
        Assert.ThrowsAny<IOException>(() => AtomicFile.Write(target, [1, 2, 3], overwrite: true, p => new IOException(p)));
        Assert.Equal(["taken"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName));
        Assert.Equal(new byte[] { 7 }, File.ReadAllBytes(Path.Combine(target, "inside.txt")));
    }

    [Fact]
    public void A_temporary_path_is_hidden_in_the_same_folder()
    {
        string temp = AtomicFile.TemporaryPathIn(_dir);
        Assert.Equal(_dir, Path.GetDirectoryName(temp));
        Assert.StartsWith(".", Path.GetFileName(temp), StringComparison.Ordinal);
        Assert.EndsWith(AtomicFile.PartialSuffix, temp, StringComparison.Ordinal);
    }
}
