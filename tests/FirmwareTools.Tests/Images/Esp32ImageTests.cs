using FirmwareTools.Protocols.Images;
using FirmwareTools.TestImages;
using Xunit;

namespace FirmwareTools.Tests.Images;

public class Esp32ImageTests
{
    private static Esp32Image Parse(byte[] bytes) => Esp32Image.Read(new MemoryStream(bytes), "test.bin");

    [Fact]
    public void A_valid_image_with_digest_parses_its_header_and_segments()
    {
        byte[] bytes = Esp32TestImage.FirmwareLike(segmentLengths: [0x400, 0x1234, 7]);
        Esp32Image image = Parse(bytes);
        Assert.Equal(3, image.SegmentCount);
        Assert.Equal(new uint[] { 0x400, 0x1234, 7 }, image.Segments.Select(s => s.Length));
        Assert.Equal(0, image.ChipId);
        Assert.True(image.HashAppended);
        Assert.Equal(bytes.Length, image.Length);
        Assert.Equal(0x02, image.FlashMode);
    }

    [Fact]
    public void A_merged_micropython_bin_is_valid_by_its_first_image()
    {
        byte[] trailer = Enumerable.Repeat((byte)0x5A, 5000).ToArray();
        byte[] bytes = Esp32TestImage.FirmwareLike(trailer: trailer);
        Esp32Image image = Parse(bytes);
        Assert.Equal(bytes.Length - trailer.Length, image.Length);
    }

    [Fact]
    public void Wrong_magic_is_refused_with_the_byte()
    {
        byte[] bytes = Esp32TestImage.FirmwareLike();
        bytes[0] = 0x7F;
        var e = Assert.Throws<Esp32ImageException>(() => Parse(bytes));
        Assert.Contains("0xE9", e.Message);
        Assert.Contains("0x7F", e.Message);
        Assert.Equal("Esp32ImageInvalid", e.ErrorId);
    }

    [Fact]
    public void Too_many_segments_are_refused()
    {
        byte[] bytes = Esp32TestImage.FirmwareLike();
        bytes[1] = 17;
        Assert.Contains("17 segments", Assert.Throws<Esp32ImageException>(() => Parse(bytes)).Message);
    }

    [Fact]
    public void A_segment_past_the_end_of_the_file_is_refused()
    {
        byte[] bytes = Esp32TestImage.FirmwareLike(segmentLengths: [0x100], hashAppended: false);
        BitConverter.GetBytes(0x100000u).CopyTo(bytes, 24 + 4);
        Assert.Contains("past the end", Assert.Throws<Esp32ImageException>(() => Parse(bytes)).Message);
    }

    [Fact]
    public void A_flipped_data_byte_fails_the_checksum()
    {
        byte[] bytes = Esp32TestImage.FirmwareLike(hashAppended: false);
        bytes[40] ^= 0x01;
        Assert.Contains("checksum", Assert.Throws<Esp32ImageException>(() => Parse(bytes)).Message);
    }

    [Fact]
    public void A_wrong_appended_digest_is_refused()
    {
        byte[] bytes = Esp32TestImage.FirmwareLike();
        bytes[^1] ^= 0x80;
        Assert.Contains("SHA-256", Assert.Throws<Esp32ImageException>(() => Parse(bytes)).Message);
    }

    [Fact]
    public void An_invalid_hash_appended_byte_is_refused()
    {
        byte[] bytes = Esp32TestImage.FirmwareLike();
        bytes[23] = 2;
        Assert.Contains("hash-appended", Assert.Throws<Esp32ImageException>(() => Parse(bytes)).Message);
    }

    [Fact]
    public void The_chip_id_of_the_extended_header_is_read()
    {
        Assert.Equal(9, Parse(Esp32TestImage.FirmwareLike(chipId: 9)).ChipId);
    }

    [Fact]
    public void Partition_table_magic_is_recognised()
    {
        Assert.True(Esp32PartitionTable.HasMagic(new MemoryStream(Esp32TestImage.PartitionTable(md5Entry: false))));
        Assert.False(Esp32PartitionTable.HasMagic(new MemoryStream(Esp32TestImage.FirmwareLike())));
    }
}
