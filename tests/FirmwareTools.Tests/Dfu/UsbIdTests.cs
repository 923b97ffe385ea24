using FirmwareTools.Tests.Common;
using Xunit;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Dfu;

namespace FirmwareTools.Tests.Dfu;

public class UsbIdTests
{
    public static TheoryData<object, ushort> Valid() => new()
    {
        { 0x0483, 0x0483 },
        { 0L, 0 },
        { 65535, 0xFFFF },
        { (ushort)0xDF11, 0xDF11 },
        { (byte)7, 7 },
        { 1155u, 0x0483 },
        { "0483", 0x0483 },
        { "0x0483", 0x0483 },
        { "0X0483", 0x0483 },
        { "df11", 0xDF11 },
        { "DF11", 0xDF11 },
        { " f055 ", 0xF055 },
        { "1", 1 },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Accepts_integers_and_hex_strings(object value, ushort expected)
    {
        Assert.Equal(expected, UsbId.Parse(value));
        Assert.True(UsbId.TryParse(value, out ushort id, out string? problem));
        Assert.Equal(expected, id);
        Assert.Null(problem);
    }

    public static TheoryData<object?, string> Invalid() => new()
    {
        { null, "(null)" },
        { -1, "-1" },
        { 65536, "65536" },
        { ulong.MaxValue, "18446744073709551615" },
        { "", "''" },
        { "0x", "'0x'" },
        { "10000", "'10000'" },
        { "0483h", "'0483h'" },
        { "stm", "'stm'" },
        { 1.5, "'1.5'" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Rejects_anything_else_naming_the_value(object? value, string named)
    {
        var ex = Catalogued.Throws("InvalidUsbId", () => UsbId.Parse(value));
        Assert.Equal("InvalidUsbId", ex.ErrorId);
        Assert.Equal(FirmwareErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains(named.Trim('\''), ex.Message, StringComparison.Ordinal);
        Assert.False(UsbId.TryParse(value, out _, out string? problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }
}
