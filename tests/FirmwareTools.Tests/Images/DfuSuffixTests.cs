using System.Text;
using FirmwareTools.Protocols.Images;
using Xunit;

namespace FirmwareTools.Tests.Images;

public class DfuSuffixTests
{
    [Fact]
    public void Crc_of_the_check_string_is_the_protocol_note_vector()
    {
        Assert.Equal(0x340BC6D9u, DfuSuffix.ComputeCrc(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Crc_agrees_with_the_bitwise_definition_on_every_protocol_note_vector()
    {
        foreach (byte[] file in new[] { DfuTestVectors.Example313, DfuTestVectors.Example313IncludingSuffix, DfuTestVectors.PlainDfuExample })
        {
            Assert.Equal(DfuTestVectors.ReferenceCrc(file, file.Length - 4), DfuSuffix.ComputeCrc(file, 0, file.Length - 4));
            Assert.Equal(BitConverter.ToUInt32(file, file.Length - 4), DfuSuffix.ComputeCrc(file, 0, file.Length - 4));
        }
    }

    [Fact]
    public void Plain_dfu_writer_produces_the_protocol_note_example_byte_for_byte()
    {
        byte[] file = DfuFile.Write(new byte[] { 0xDE, 0xAD, 0xBE, 0xEF }, vendorId: 0x0483, productId: 0xDF11, bcdDevice: 0xFFFF);

        Assert.Equal(DfuTestVectors.PlainDfuExample, file);
    }

    [Fact]
    public void Suffix_fields_are_read_little_endian()
    {
        Assert.True(DfuSuffix.TryParse(DfuTestVectors.Example313, out DfuSuffix? suffix));

        Assert.Equal((ushort)0x0000, suffix!.BcdDevice);
        Assert.Equal((ushort)0xDF11, suffix.ProductId);
        Assert.Equal((ushort)0x0483, suffix.VendorId);
        Assert.Equal((ushort)0x011A, suffix.BcdDfu);
        Assert.True(suffix.IsDfuSe);
        Assert.Equal((byte)16, suffix.Length);
        Assert.Equal(0x8C524094u, suffix.Crc);
        Assert.Equal(DfuTestVectors.Example313.Skip(DfuTestVectors.SuffixOffset).ToArray(), suffix.ToBytes());
    }

    [Fact]
    public void No_suffix_without_the_UFD_signature()
    {
        Assert.False(DfuSuffix.TryParse(new byte[16], out DfuSuffix? suffix));
        Assert.Null(suffix);
        Assert.False(DfuSuffix.TryParse(new byte[15], out _));
    }
}
