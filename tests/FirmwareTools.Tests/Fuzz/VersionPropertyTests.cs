using CsCheck;
using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Protocols;
using Xunit;

namespace FirmwareTools.Tests.Fuzz;

/// <summary>FirmwareVersion ordering is a total order, agrees with equality, and sorts the site's releases by date.</summary>
public class VersionPropertyTests
{
    private static readonly Gen<FirmwareVersion> Versions =
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 25], Gen.Int[0, 3], Gen.Int[0, 2], Gen.Int[0, 300], Gen.Char['a', 'f'].Array[7])
           .Select((major, minor, patch, kind, build, hash) => kind switch
           {
               0 => new FirmwareVersion(major, minor, patch),
               1 => new FirmwareVersion(major, minor, patch, FirmwareBuildKind.Preview, build, new string(hash)),
               _ => new FirmwareVersion(major, minor, patch, FirmwareBuildKind.Nightly, build, new string(hash)),
           });

    [Fact]
    public void Version_ordering_is_a_total_order_consistent_with_equality()
    {
        Deterministic.ForAll(Gen.Select(Versions, Versions, Versions), x =>
        {
            (FirmwareVersion a, FirmwareVersion b, FirmwareVersion c) = x;
            Assert.Equal(0, a.CompareTo(a));
            Assert.Equal(Math.Sign(a.CompareTo(b)), -Math.Sign(b.CompareTo(a)));
            Assert.Equal(a.CompareTo(b) == 0, a.Equals(b));
            if (a.Equals(b))
            {
                Assert.Equal(a.GetHashCode(), b.GetHashCode());
            }

            if (a <= b && b <= c)
            {
                Assert.True(a <= c, $"{a} <= {b} <= {c} but not {a} <= {c}");
            }

            Assert.True(FirmwareVersion.TryParse(a.ToString(), out FirmwareVersion? read));
            Assert.Equal(a, read);
            Assert.Equal(a.Commit, read!.Commit);
        }, iterations: 500);
    }

    /// <summary>pyboard firmware as micropython.org lists it, oldest first (release date in the name).</summary>
    private static readonly string[] SiteReleases =
    {
        "pybv11-20210902-v1.17.dfu",
        "pybv11-20220117-v1.18.dfu",
        "PYBV11-20220618-v1.19.1.dfu",
        "PYBV11-20230426-v1.20.0.dfu",
        "PYBV11-20231005-v1.21.0.dfu",
        "PYBV11-20240105-v1.22.1.dfu",
        "PYBV11-20240222-v1.22.2.dfu",
        "PYBV11-20240602-v1.23.0.dfu",
        "PYBV11-20241025-v1.24.0.dfu",
        "PYBV11-20241129-v1.24.1.dfu",
        "PYBV11-20250102-v1.25.0-preview.203.g1a2b3c4d.dfu",
        "PYBV11-20250110-v1.25.0-preview.240.g9f8e7d6c.dfu",
    };

    [Fact]
    public void Version_order_sorts_the_site_releases_by_date_whatever_order_they_come_in()
    {
        var names = SiteReleases.Select(n => MicroPythonFirmwareName.TryParse(n) ?? throw new Xunit.Sdk.XunitException(n)).ToArray();
        Deterministic.ForAll(Gen.Int.Array[names.Length], keys =>
        {
            var shuffled = names.Zip(keys).OrderBy(p => p.Second).Select(p => p.First).ToList();
            shuffled.Sort((x, y) => x.Version.CompareTo(y.Version));
            Assert.Equal(SiteReleases, shuffled.Select(n => n.FileName));
            Assert.Equal(shuffled.Select(n => n.Date).Order(), shuffled.Select(n => n.Date));
        }, iterations: 50);
    }

    [Theory]
    [InlineData("v99999999999.1.0")]
    [InlineData("v1.99999999999")]
    [InlineData("v1.19.1-99999999999-gabc")]
    [InlineData("v1.23.0-preview.99999999999")]
    [InlineData("v\u0661.\u0662\u0662")]
    public void MicroPython_version_with_numbers_no_int_holds_is_not_a_version(string text)
    {
        Assert.False(FirmwareVersion.TryParse(text, out FirmwareVersion? version));
        Assert.Null(version);
    }

    [Theory]
    [InlineData("99999999999.1.2")]
    [InlineData("1.99999999999.2")]
    [InlineData("1.20.2.rc99999999999")]
    [InlineData("\u0661.20.2")]
    public void Pycom_version_with_numbers_no_int_holds_is_not_a_version(string text)
    {
        Assert.False(PycomVersion.TryParse(text, out PycomVersion? version));
        Assert.Null(version);
    }

    [Fact]
    public void Unstable_version_without_a_build_prints_as_it_reads()
    {
        FirmwareVersion v = FirmwareVersion.Parse("unstable-v1.22.0");
        Assert.Equal("unstable-v1.22.0", v.ToString());
        Assert.Equal(v, FirmwareVersion.Parse(v.ToString()));
        Assert.Equal(FirmwareBuildKind.Nightly, v.Kind);
    }
}
