using FirmwareTools.Protocols;
using Xunit;

namespace FirmwareTools.Tests.Common;

public class NumberRangesTests
{
    [Theory]
    [InlineData(new int[0], "")]
    [InlineData(new[] { 0 }, "0")]
    [InlineData(new[] { 0, 5, 6, 7 }, "0, 5-7")]
    [InlineData(new[] { 11, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, "0-11")]
    [InlineData(new[] { 1, 2, 4 }, "1, 2, 4")]
    [InlineData(new[] { 3, 3, 4, 5 }, "3-5")]
    public void Runs_of_three_or_more_become_ranges(int[] numbers, string expected)
    {
        Assert.Equal(expected, NumberRanges.Format(numbers));
    }
}
