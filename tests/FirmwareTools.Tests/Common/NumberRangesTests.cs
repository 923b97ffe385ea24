using FirmwareTools.Protocols;
using Xunit;

namespace FirmwareTools.Tests.Common;

/// <summary>Sector numbers as messages (", ") and as the Erased column and Export-Csv (",") write them.</summary>
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
    [InlineData(new[] { 11, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, "0-11")]
    [InlineData(new[] { 3, 3, 4, 5 }, "3-5")]
    public void Compact_runs_of_three_or_more_become_ranges(int[] numbers, string text)
    {
        Assert.Equal(text, NumberRanges.FormatCompact(numbers));
    }

    [Theory]
    [InlineData(new[] { 0 }, "0")]
    [InlineData(new[] { 0, 5, 6, 7 }, "0, 5-7")]
    [InlineData(new[] { 11, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, "0-11")]
    [InlineData(new[] { 1, 2, 4 }, "1, 2, 4")]
    public void In_a_sentence_items_are_separated_by_comma_and_space(int[] numbers, string expected)
    {
        Assert.Equal(expected, NumberRanges.Format(numbers));
    }
}
