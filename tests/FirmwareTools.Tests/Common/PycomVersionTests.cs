using FirmwareTools.Protocols;
using Xunit;

namespace FirmwareTools.Tests.Common;

public class PycomVersionTests
{
    [Fact]
    public void IntVersion_of_the_seed_answer_decodes_to_1_8_0_b1()
    {
        // From docs/protocols/esp32-rom-loader.md §10.2: the service's seed JSON pairs version 1.8.0.b1 with intVersion 71303297 (0x04400081).
        PycomVersion v = PycomVersion.FromIntVersion(71303297);
        Assert.Equal((1, 8, 0, PycomReleaseType.Beta, 1), (v.Major, v.Minor, v.Patch, v.ReleaseType, v.ReleaseNumber));
        Assert.Equal("1.8.0.b1", v.ToString());
        Assert.Equal(0x04400081L, PycomVersion.Parse("1.8.0.b1").IntVersion);
    }

    [Theory]
    // Hand-packed: major<<26 | minor<<19 | patch<<9 | type<<7 | number.
    [InlineData("1.20.2.r6", 77596038L)]
    [InlineData("1.20.2", 77595648L + 384L)]
    [InlineData("1.20.2.rc11", 77595648L + 256L + 11L)]
    [InlineData("1.7.10.b1", 67108864L + 3670016L + 5120L + 128L + 1L)]
    [InlineData("1.18.2.a3", 67108864L + 9437184L + 1024L + 0L + 3L)]
    public void Packs_the_documented_bit_fields(string text, long expected) => Assert.Equal(expected, PycomVersion.Parse(text).IntVersion);

    [Fact]
    public void Alpha_beta_rc_release_order_follows_intVersion()
    {
        string[] ascending = { "1.20.1.r9", "1.20.2.a1", "1.20.2.b1", "1.20.2.b2", "1.20.2.rc1", "1.20.2.rc11", "1.20.2", "1.20.2.r1", "1.21.0.b1" };
        var sorted = ascending.Reverse().Select(PycomVersion.Parse).OrderBy(v => v).Select(v => v.ToString()).ToArray();
        Assert.Equal(ascending, sorted);
    }

    [Theory]
    [InlineData("1.2")]
    [InlineData("64.0.0")]
    [InlineData("1.128.0")]
    [InlineData("1.0.1024")]
    [InlineData("1.0.0.b128")]
    [InlineData("1.0.0.x1")]
    public void Rejects_versions_intVersion_cannot_hold(string text) => Assert.False(PycomVersion.TryParse(text, out _));
}
