using FirmwareTools.Protocols;
using Xunit;

namespace FirmwareTools.Tests.Common;

public class FirmwareVersionTests
{
    [Theory]
    [InlineData("v1.22.2", 1, 22, 2, FirmwareBuildKind.Release, 0, null)]
    [InlineData("1.18", 1, 18, 0, FirmwareBuildKind.Release, 0, null)]
    [InlineData("v1.23.0-preview.203.g1a2b3c", 1, 23, 0, FirmwareBuildKind.Preview, 203, "1a2b3c")]
    [InlineData("v1.20.0-preview", 1, 20, 0, FirmwareBuildKind.Preview, 0, null)]
    [InlineData("unstable-v1.19.1-12-g0123abc", 1, 19, 1, FirmwareBuildKind.Nightly, 12, "0123abc")]
    [InlineData("v1.24.0-preview.5.gDEADBEEF-dirty", 1, 24, 0, FirmwareBuildKind.Preview, 5, "deadbeef")]
    public void Parses_release_preview_and_nightly_spellings(string text, int major, int minor, int patch, FirmwareBuildKind kind, int build, string? commit)
    {
        FirmwareVersion v = FirmwareVersion.Parse(text);
        Assert.Equal((major, minor, patch, kind, build, commit), (v.Major, v.Minor, v.Patch, v.Kind, v.BuildNumber, v.Commit));
    }

    [Theory]
    [InlineData("")]
    [InlineData("latest")]
    [InlineData("v1")]
    [InlineData("v1.2.3.4")]
    [InlineData("1.20.2.rc11")]
    public void Rejects_what_is_not_a_MicroPython_version(string text) => Assert.False(FirmwareVersion.TryParse(text, out _));

    [Fact]
    public void Previews_sort_below_their_release_and_nightlies_above()
    {
        string[] ascending =
        {
            "v1.18",
            "unstable-v1.18.0-3-gaaaaaaa",
            "unstable-v1.18.0-40-gbbbbbbb",
            "v1.23.0-preview.9.gccccccc",
            "v1.23.0-preview.203.g1a2b3c",
            "v1.23.0",
            "v1.23.1",
            "v1.100.0",
        };
        var shuffled = ascending.Reverse().Select(FirmwareVersion.Parse).ToList();
        shuffled.Sort();
        Assert.Equal(ascending.Select(s => FirmwareVersion.Parse(s).ToString()), shuffled.Select(v => v.ToString()));
        Assert.True(FirmwareVersion.Parse("v1.23.0-preview.203.g1a2b3c") < FirmwareVersion.Parse("v1.23.0"));
    }

    [Theory]
    [InlineData("1.22.2", "v1.22.2")]
    [InlineData("v1.18", "v1.18.0")]
    [InlineData("v1.23.0-preview.203.g1a2b3c", "v1.23.0-preview.203.g1a2b3c")]
    [InlineData("unstable-v1.19.1-12-g0123abc", "v1.19.1-12-g0123abc")]
    public void Prints_the_form_MicroPython_uses(string text, string expected) => Assert.Equal(expected, FirmwareVersion.Parse(text).ToString());
}
