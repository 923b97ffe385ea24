using FirmwareTools.Tests.Common;
using Xunit;
using FirmwareTools.Protocols.Dfu;

namespace FirmwareTools.Tests.Dfu;

/// <summary>The memory-layout strings of docs/protocols/dfu-dfuse.md §2.3 and §2.4, decoded by hand from the grammar in §2.1.</summary>
public class DfuSeMemoryLayoutTests
{
    /// <summary>Expected segment: start, sector size, sector count, readable, erasable, writable.</summary>
    public sealed record Seg(uint Start, uint Size, uint Count, bool R, bool E, bool W);

    private static readonly Seg[] F405InternalFlash =
    [
        new(0x08000000, 16384, 4, true, true, true),
        new(0x08010000, 65536, 1, true, true, true),
        new(0x08020000, 131072, 7, true, true, true),
    ];

    public static TheoryData<string, string, Seg[]> Vectors() => new()
    {
        { "@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg", "Internal Flash", F405InternalFlash },
        { "@Option Bytes  /0x1FFFC000/01*016 e", "Option Bytes", [new(0x1FFFC000, 16, 1, true, false, true)] },
        { "@OTP Memory /0x1FFF7800/01*512 e,01*016 e", "OTP Memory", [new(0x1FFF7800, 512, 1, true, false, true), new(0x1FFF7A00, 16, 1, true, false, true)] },
        { "@Device Feature/0xFFFF0000/01*004 e", "Device Feature", [new(0xFFFF0000, 4, 1, true, false, true)] },
        { "@Internal Flash  /0x08000000/128*002Kg", "Internal Flash", [new(0x08000000, 2048, 128, true, true, true)] },
        { "@Internal Flash  /0x08000000/128*0002Kg", "Internal Flash", [new(0x08000000, 2048, 128, true, true, true)] },
        {
            "@Internal Flash  /0x08000000/04*032Kg,01*128Kg,03*256Kg", "Internal Flash",
            [new(0x08000000, 32768, 4, true, true, true), new(0x08020000, 131072, 1, true, true, true), new(0x08040000, 262144, 3, true, true, true)]
        },
        { "@Internal Flash   /0x08000000/16*128Kg", "Internal Flash", [new(0x08000000, 131072, 16, true, true, true)] },
        {
            "@Internal Flash   /0x08000000/01*016Ka,02*016Kg,01*016Kg,01*064Kg,07*128Kg", "Internal Flash",
            [
                new(0x08000000, 16384, 1, true, false, false), new(0x08004000, 16384, 2, true, true, true), new(0x0800C000, 16384, 1, true, true, true),
                new(0x08010000, 65536, 1, true, true, true), new(0x08020000, 131072, 7, true, true, true),
            ]
        },
        { "@Internal Flash /0x00000000/1*008Ka,15*008Kg", "Internal Flash", [new(0x00000000, 8192, 1, true, false, false), new(0x00002000, 8192, 15, true, true, true)] },
        { "@Option Bytes  /0x1FFFC000/01*016 e/0x1FFEC000/01*016 e", "Option Bytes", [new(0x1FFFC000, 16, 1, true, false, true), new(0x1FFEC000, 16, 1, true, false, true)] },
        { "@Option Bytes   /0x1FFF7800/01*048 e/0x1FFFF800/01*048 e", "Option Bytes", [new(0x1FFF7800, 48, 1, true, false, true), new(0x1FFFF800, 48, 1, true, false, true)] },
        { "@OTP Memory /0x1FFF7000/01*0001Ke", "OTP Memory", [new(0x1FFF7000, 1024, 1, true, false, true)] },
        { "@Option Bytes  /0x1FFFF800/01*016Be", "Option Bytes", [new(0x1FFFF800, 16, 1, true, false, true)] },
        { "@Option Bytes   /0x40022040/01*64 e", "Option Bytes", [new(0x40022040, 64, 1, true, false, true)] },
        {
            "@External Flash /0x90000000/998*128Kg,1*128Kg,4*128Kg,21*128Ka", "External Flash",
            [new(0x90000000, 131072, 998, true, true, true), new(0x97CC0000, 131072, 1, true, true, true), new(0x97CE0000, 131072, 4, true, true, true), new(0x97D60000, 131072, 21, true, false, false)]
        },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Parses_strings_seen_in_the_wild(string raw, string name, Seg[] expected)
    {
        DfuSeMemoryLayout layout = DfuSeMemoryLayout.Parse(raw);

        Assert.Equal(raw, layout.Raw);
        Assert.Equal(name, layout.Name);
        Assert.Equal(expected[0].Start, layout.StartAddress);
        Assert.Equal(expected.Length, layout.Segments.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            DfuSeMemorySegment s = layout.Segments[i];
            Assert.Equal(expected[i], new Seg(s.StartAddress, s.SectorSize, s.SectorCount, s.IsReadable, s.IsErasable, s.IsWritable));
        }
    }

    [Fact]
    public void F405_internal_flash_is_one_mebibyte_ending_at_0x08100000()
    {
        DfuSeMemoryLayout layout = DfuSeMemoryLayout.Parse("@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg");

        Assert.Equal(1024 * 1024, layout.TotalLength);
        Assert.Equal(0x08100000, layout.Segments[^1].EndAddress);
        Assert.Equal(0x08020000u, layout.FindSegment(0x08020000)!.StartAddress);
        Assert.Null(layout.FindSegment(0x08100000));
    }

    [Fact]
    public void External_flash_with_over_a_thousand_pages_ends_at_0x98000000()
    {
        DfuSeMemoryLayout layout = DfuSeMemoryLayout.Parse("@External Flash /0x90000000/998*128Kg,1*128Kg,4*128Kg,21*128Ka");

        Assert.Equal(0x98000000, layout.Segments[^1].EndAddress);
        Assert.Equal(128L * 1024 * 1024, layout.TotalLength);
        Assert.Equal(1003L * 128 * 1024, layout.TotalLength - layout.Segments[^1].Length);
    }

    [Theory]
    [InlineData("0x00080000 Bitstream")]                       // OrangeCrab: not DfuSe at all
    [InlineData("")]
    [InlineData("@Internal Flash")]                            // no zone
    [InlineData("@Internal Flash  /0x08000000")]               // zone without sectors
    [InlineData("@Internal Flash  /0x08000000/")]              // empty sector list
    [InlineData("@Internal Flash  /08000000/04*016Kg")]        // address without 0x
    [InlineData("@Internal Flash  /0x08000000/04*016Kx")]      // type outside a-g
    [InlineData("@Internal Flash  /0x08000000/04*016Qg")]      // unknown multiplier
    [InlineData("@Internal Flash  /0x08000000/04*016Kg,")]     // trailing comma
    [InlineData("@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg/0x1FFF0000")] // second zone without sectors
    [InlineData("@Internal Flash  /0x08000000/00*016Kg")]      // zero sectors
    [InlineData("@Internal Flash  /0xFFFF0000/2*064Kg")]       // runs past 4 GiB
    [InlineData("@Internal Flash  /0x08000000/99999999999*1Kg")] // count overflows
    [InlineData("@Internal Flash  /0x123456789/1*1Kg")]        // address wider than 32 bits
    [InlineData("@Internal Flash  /0x08000000/\u0664*016Kg")]  // an Arabic-Indic digit is not a count
    public void Malformed_strings_fail_with_the_layout_error_and_no_layout(string raw)
    {
        var ex = Catalogued.Throws("DfuSeLayoutInvalid", () => DfuSeMemoryLayout.Parse(raw));
        Assert.Equal("DfuSeLayoutInvalid", ex.ErrorId);
        Assert.Equal(raw, ex.Target);
        Assert.Contains(raw, ex.Message, StringComparison.Ordinal);

        Assert.False(DfuSeMemoryLayout.TryParse(raw, out DfuSeMemoryLayout? layout, out string? problem));
        Assert.Null(layout);
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void Non_ascii_digit_is_reported_as_a_bad_sector_run()
    {
        Assert.False(DfuSeMemoryLayout.TryParse("@Flash/0x08000000/\u0664*016Kg", out _, out string? problem));
        Assert.Contains("is not a sector run", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_fails_without_throwing_from_TryParse()
    {
        Assert.False(DfuSeMemoryLayout.TryParse(null, out DfuSeMemoryLayout? layout, out string? problem));
        Assert.Null(layout);
        Assert.NotNull(problem);
    }
}

/// <summary>How a segment reads on the screen (README's `.Segments` example promises 4x16K, 1x64K, 7x128K on an F405).</summary>
public class DfuSeMemorySegmentTextTests
{
    [Fact]
    public void Segments_read_as_address_range_count_x_size_in_K_and_access()
    {
        DfuSeMemoryLayout layout = DfuSeMemoryLayout.Parse("@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg");

        Assert.Equal(
            ["0x08000000-0x0800FFFF 4x16K rew", "0x08010000-0x0801FFFF 1x64K rew", "0x08020000-0x080FFFFF 7x128K rew"],
            layout.Segments.Select(s => s.ToString()));
        Assert.Equal("0x1FFFC000-0x1FFFC00F 1x16 r-w", DfuSeMemoryLayout.Parse("@Option Bytes  /0x1FFFC000/01*016 e").Segments[0].ToString());
    }
}
