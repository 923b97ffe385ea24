using FirmwareTools.Protocols;
using Xunit;

namespace FirmwareTools.Tests.Common;

/// <summary>Sector numbers as the Erased column and Export-Csv write them.</summary>
public class NumberRangesTests
{
    [Theory]
    [InlineData(new int[0], "")]
    [InlineData(new[] { 3 }, "3")]
    [InlineData(new[] { 0, 5 }, "0,5")]
    [InlineData(new[] { 5, 6 }, "5,6")]
    [InlineData(new[] { 0, 5, 6, 7 }, "0,5-7")]
    [InlineData(new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, "0-11")]
    [InlineData(new[] { 0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11 }, "0-3,5-11")]
    [InlineData(new[] { 1, 3, 4, 6, 8, 9, 10 }, "1,3,4,6,8-10")]
    public void Runs_of_three_or_more_become_ranges(int[] numbers, string text)
    {
        Assert.Equal(text, NumberRanges.Format(numbers));
    }
}
