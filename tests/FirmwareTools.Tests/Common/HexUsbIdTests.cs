using System.Globalization;
using FirmwareTools.Protocols;
using Xunit;

namespace FirmwareTools.Tests.Common;

/// <summary>A USB id in a result: four hex digits as text, the 16-bit number to code.</summary>
public class HexUsbIdTests
{
    [Fact]
    public void Its_text_is_four_lower_case_hex_digits_as_lsusb_prints_them()
    {
        Assert.Equal("0483", new HexUsbId(0x0483).ToString());
        Assert.Equal("df11", new HexUsbId(0xDF11).ToString());
        Assert.Equal("0483", ((IFormattable)new HexUsbId(0x0483)).ToString(null, CultureInfo.CurrentCulture));
    }

    [Fact]
    public void Numeric_formats_apply_to_the_number()
    {
        Assert.Equal("0483:DF11", string.Format(CultureInfo.InvariantCulture, "{0:x4}:{1:X4}", new HexUsbId(0x0483), new HexUsbId(0xDF11)));
    }

    [Fact]
    public void It_converts_to_and_from_the_number_and_compares_as_one()
    {
        HexUsbId id = (ushort)0x10C4;
        ushort number = id;

        Assert.Equal(0x10C4, number);
        Assert.True(id == 0x10C4);
        Assert.Equal(new HexUsbId(0x10C4), id);
        Assert.True(new HexUsbId(0x0483).CompareTo(new HexUsbId(0xDF11)) < 0);
        Assert.True(((IComparable)new HexUsbId(0x0483)).CompareTo(null) > 0);
    }

    [Theory]
    [InlineData("0483", 0x0483)]
    [InlineData("0x0483", 0x0483)]
    [InlineData(" DF11 ", 0xDF11)]
    [InlineData("483", 0x0483)]
    public void Parse_reads_hex_text(string text, int value)
    {
        Assert.Equal(value, HexUsbId.Parse(text).Value);
    }

    [Theory]
    [InlineData("xyz")]
    [InlineData("10000")]
    [InlineData("")]
    public void Parse_refuses_what_is_not_a_16_bit_hex_id_naming_it(string text)
    {
        var e = Assert.Throws<FormatException>(() => HexUsbId.Parse(text));
        Assert.Contains($"'{text}'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0x10000)]
    public void A_number_out_of_range_is_refused(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HexUsbId(value));
    }
}
