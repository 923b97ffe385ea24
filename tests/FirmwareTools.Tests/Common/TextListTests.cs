using FirmwareTools.Protocols;
using Xunit;

namespace FirmwareTools.Tests.Common;

/// <summary>A result's list: its items to code, its items' text to Export-Csv (which writes ToString).</summary>
public class TextListTests
{
    [Fact]
    public void Its_text_is_the_items_text_and_it_stays_a_read_only_list_of_them()
    {
        var regions = TextList<MemoryRegion>.Of([new MemoryRegion(0x08000000, 0x4000), new MemoryRegion(0x08020000, 0x20000)]);

        Assert.Equal("0x08000000-0x08003FFF (16 KiB), 0x08020000-0x0803FFFF (128 KiB)", regions.ToString());
        Assert.Equal(2, regions.Count);
        Assert.Equal(0x08020000u, regions[1].Address);
        Assert.Throws<NotSupportedException>(() => ((IList<MemoryRegion>)regions).Add(new MemoryRegion(0, 1)));
    }

    [Fact]
    public void A_format_gives_the_text_and_an_empty_list_has_empty_text()
    {
        Assert.Equal("0,5-7", TextList<int>.Of([0, 5, 6, 7], NumberRanges.FormatCompact).ToString());
        Assert.Equal(string.Empty, TextList<string>.Of([]).ToString());
    }

    [Fact]
    public void The_items_are_copied_so_a_later_change_to_the_source_does_not_show()
    {
        var source = new List<int> { 1, 2 };
        TextList<int> list = TextList<int>.Of(source);
        source.Add(3);

        Assert.Equal([1, 2], list);
        Assert.Equal("1, 2", list.ToString());
    }
}
