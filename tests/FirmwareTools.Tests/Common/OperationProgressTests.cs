using System;
using FirmwareTools.Protocols;
using Xunit;

namespace FirmwareTools.Tests.Common;

public class OperationProgressTests
{
    [Fact]
    public void Rate_and_remaining_come_from_the_average_so_far()
    {
        var p = new OperationProgress("Write", 1000, 4000, TimeSpan.FromSeconds(2));
        Assert.Equal(25, p.PercentComplete);
        Assert.Equal(500.0, p.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(6), p.Remaining);
    }

    [Fact]
    public void Unknown_total_has_no_percent_and_no_estimate()
    {
        var p = new OperationProgress("Download", 1000, 0, TimeSpan.FromSeconds(1));
        Assert.Equal(-1, p.PercentComplete);
        Assert.Null(p.Remaining);
    }

    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(2048, "2 KiB")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(1048576, "1 MiB")]
    public void Byte_sizes_are_culture_invariant(long bytes, string expected) => Assert.Equal(expected, ByteSize.Format(bytes));
}
