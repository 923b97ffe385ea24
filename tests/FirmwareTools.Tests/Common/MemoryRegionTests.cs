using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Images;
using Xunit;

namespace FirmwareTools.Tests.Common;

/// <summary>The one region type: its inclusive range as dfu-util prints it, its one text form, and where it appears.</summary>
public sealed class MemoryRegionTests
{
    [Theory]
    [InlineData(0x08000000u, 0x4000L, "0x08000000-0x08003FFF", "0x08000000-0x08003FFF (16 KiB)")]
    [InlineData(0x08000000u, 1L, "0x08000000-0x08000000", "0x08000000-0x08000000 (1 B)")]
    [InlineData(0x08020000u, 0x60000L, "0x08020000-0x0807FFFF", "0x08020000-0x0807FFFF (384 KiB)")]
    [InlineData(0x1000u, 0x13A410L, "0x00001000-0x0013B40F", "0x00001000-0x0013B40F (1.23 MiB)")]
    [InlineData(0x08000000u, 0L, "0x08000000 (empty)", "0x08000000 (empty)")]
    public void Range_is_inclusive_and_the_text_adds_the_size(uint address, long length, string range, string text)
    {
        var region = new MemoryRegion(address, length);

        Assert.Equal(range, region.Range);
        Assert.Equal(text, region.ToString());
        Assert.Equal(address + length, region.EndAddress);
    }

    [Fact]
    public void A_region_may_end_at_the_top_of_the_address_space()
    {
        var region = new MemoryRegion(0xFFFF0000, 0x10000);

        Assert.Equal(0x1_0000_0000L, region.EndAddress);
        Assert.Equal("0xFFFF0000-0xFFFFFFFF (64 KiB)", region.ToString());
    }

    [Fact]
    public void A_negative_length_is_refused()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new MemoryRegion(0x08000000, -1));
        Assert.Equal("length", ex.ParamName);
    }

    [Fact]
    public void Regions_are_equal_by_address_and_length()
    {
        Assert.Equal(new MemoryRegion(0x08000000, 16), new MemoryRegion(0x08000000, 16));
        Assert.NotEqual(new MemoryRegion(0x08000000, 16), new MemoryRegion(0x08000000, 17));
        Assert.NotEqual(new MemoryRegion(0x08000000, 16), new MemoryRegion(0x08000001, 16));
        Assert.Equal(new MemoryRegion(0x08000000, 16).GetHashCode(), new MemoryRegion(0x08000000, 16).GetHashCode());
    }

    [Fact]
    public void Elements_and_write_regions_print_the_same_form()
    {
        var element = new DfuSeElement(0x08004000, new byte[0x400]);
        var write = new DfuSeWriteRegion(0, 0x08004000, new byte[0x400], erasedFirst: true);

        Assert.Equal(new MemoryRegion(0x08004000, 0x400), element.Region);
        Assert.Equal("0x08004000-0x080043FF (1 KiB)", element.ToString());
        Assert.Equal("alt 0 0x08004000-0x080043FF (1 KiB)", write.ToString());
        Assert.Equal("alt 0 \"ST...\": 0x08004000-0x080043FF (1 KiB)", new FirmwareTargetInfo(0, "ST...", new[] { element.Region }).ToString());
    }
}
