using FirmwareTools.Tests.Common;
using System.Globalization;
using CsCheck;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Images;
using Xunit;

namespace FirmwareTools.Tests.Fuzz;

/// <summary>Round trips of the DfuSe file writer/reader and of memory layouts, over generated inputs (fixed seeds).</summary>
public class DfuSePropertyTests
{
    private static readonly Gen<string> Name = Gen.Char[' ', '~'].Array[0, 24].Select(c => new string(c));

    private static readonly Gen<DfuSeElement[]> Elements =
        Gen.Select(Gen.UInt[0, 0xF000_0000], Gen.Select(Gen.UInt[0, 4096], Gen.Byte.Array[0, 80]).Array[0, 5])
           .Select((start, parts) =>
           {
               long address = start;
               var elements = new List<DfuSeElement>();
               foreach ((uint gap, byte[] data) in parts)
               {
                   address += gap;
                   elements.Add(new DfuSeElement((uint)address, data));
                   address += data.Length;
               }

               return elements.ToArray();
           });

    private static readonly Gen<DfuSeTarget[]> Targets =
        Gen.Byte.Array[1, 4].Select(alts => alts.Distinct().ToArray())
           .SelectMany(alts => Gen.Select(Name, Elements).Array[alts.Length]
               .Select(parts => alts.Select((alt, i) => new DfuSeTarget(alt, parts[i].Item1, parts[i].Item2)).ToArray()));

    [Fact]
    public void DfuSe_write_then_read_is_the_identity()
    {
        var gen = Gen.Select(Targets, Gen.UShort, Gen.UShort, Gen.UShort, Gen.Bool);
        Deterministic.ForAll(gen, x =>
        {
            (DfuSeTarget[] targets, ushort vid, ushort pid, ushort bcd, bool includesSuffix) = x;
            DfuImageSizeConvention convention = includesSuffix ? DfuImageSizeConvention.IncludesSuffix : DfuImageSizeConvention.ExcludesSuffix;
            byte[] bytes = DfuSeFile.Write(targets, vid, pid, bcd, convention);

            FirmwareImageFile file = FirmwareImageFile.Parse(bytes, "property.dfu");

            Assert.Equal(FirmwareImageFormat.DfuSe, file.Format);
            Assert.True(file.CrcValid);
            Assert.Empty(file.Warnings);
            Assert.Equal(convention, file.ImageSizeConvention);
            Assert.Equal((vid, pid, bcd, DfuSuffix.BcdDfuDfuSe), (file.Suffix!.VendorId, file.Suffix.ProductId, file.Suffix.BcdDevice, file.Suffix.BcdDfu));
            Assert.Equal(targets.Length, file.Targets.Count);
            for (int t = 0; t < targets.Length; t++)
            {
                Assert.Equal(targets[t].AlternateSetting, file.Targets[t].AlternateSetting);
                Assert.Equal(targets[t].Name.Length == 0 ? DfuSeFile.DefaultTargetName : targets[t].Name, file.Targets[t].Name);
                Assert.Equal(targets[t].Elements.Select(e => (e.Address, Convert.ToHexString(e.Data))), file.Targets[t].Elements.Select(e => (e.Address, Convert.ToHexString(e.Data))));
            }
        });
    }

    /// <summary>A layout string written with the liberties devices take (padding, leading zeros, case, spaces), and the segments it means.</summary>
    private static readonly Gen<(string Text, List<(uint Start, uint Size, uint Count, char Type)> Segments)> Layouts =
        Gen.Select(
            Gen.UInt[0, 0x7000_0000],
            Gen.Select(Gen.UInt[0, 0x10000], Gen.Select(Gen.UInt[1, 16], Gen.UInt[1, 128], Gen.Int[0, 3], Gen.Char['a', 'g'], Gen.Int[0, 2]).Array[1, 4]).Array[1, 3],
            Gen.Char['A', 'z'].Array[0, 12],
            Gen.Bool)
        .Select((start, zones, nameChars, upper) =>
        {
            var segments = new List<(uint, uint, uint, char)>();
            var text = new System.Text.StringBuilder("@").Append(new string(nameChars.Where(c => char.IsLetter(c)).ToArray())).Append("  ");
            long address = start;
            foreach ((uint gap, (uint Count, uint Size, int Unit, char Type, int Pad)[] runs) in zones)
            {
                address += gap;
                string hex = address.ToString(upper ? "X8" : "x", CultureInfo.InvariantCulture);
                text.Append("/0x").Append(hex).Append('/');
                text.Append(string.Join(",", runs.Select(r =>
                {
                    (string unit, uint multiplier) = r.Unit switch { 0 => (string.Empty, 1u), 1 => (" ", 1u), 2 => ("B", 1u), _ => ("K", 1024u) };
                    segments.Add(((uint)address, r.Size * multiplier, r.Count, r.Type));
                    address += (long)r.Size * multiplier * r.Count;
                    string pad = new('0', r.Pad);
                    return $"{pad}{r.Count}*{pad}{r.Size}{unit}{r.Type}";
                })));
            }

            return (text.ToString(), segments);
        });

    [Fact]
    public void Layout_parse_then_format_round_trips()
    {
        Deterministic.ForAll(Layouts, x =>
        {
            DfuSeMemoryLayout layout = DfuSeMemoryLayout.Parse(x.Text);
            Assert.Equal(x.Segments, layout.Segments.Select(s => (s.StartAddress, s.SectorSize, s.SectorCount, s.TypeLetter)));

            string formatted = layout.Format();
            DfuSeMemoryLayout again = DfuSeMemoryLayout.Parse(formatted);

            Assert.Equal(layout.Name, again.Name);
            Assert.Equal(x.Segments, again.Segments.Select(s => (s.StartAddress, s.SectorSize, s.SectorCount, s.TypeLetter)));
            Assert.Equal(formatted, again.Format());
        });
    }

    [Fact]
    public void Layout_format_of_the_F405_bootloader_is_its_own_string()
    {
        Assert.Equal("@Internal Flash/0x08000000/04*016Kg,01*064Kg,07*128Kg", DfuSeMemoryLayout.Parse(Stm32F405FlashMap.InternalFlashLayout).Format());
        Assert.Equal("@OTP Memory/0x1FFF7800/01*512e,01*016e", DfuSeMemoryLayout.Parse(Stm32F405FlashMap.OtpMemoryLayout).Format());
    }

    [Fact]
    public void Layout_whose_count_times_size_overflows_a_long_is_refused()
    {
        // 4294967295 sectors of 4095 MiB: the product wraps a 64-bit integer; it used to pass the 4 GiB check.
        var ex = Catalogued.Throws("DfuSeLayoutInvalid", () => DfuSeMemoryLayout.Parse("@Flash/0x00000000/4294967295*4095Mg"));
        Assert.Contains("4 GiB", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<FirmwareToolsException>(ex);
    }

    [Fact]
    public void Flash_plan_never_erases_outside_the_image_or_the_filesystem_unless_asked()
    {
        const long flashStart = 0x0800_0000, flashEnd = 0x0810_0000;
        var gen = Gen.Select(Gen.Select(Gen.Int[0, 0x10_0000], Gen.Int[1, 150_000]).Array[1, 4], Gen.Bool);
        Deterministic.ForAll(gen, x =>
        {
            (int Offset, int Length)[] parts = x.Item1;
            bool fullErase = x.Item2;
            var elements = parts.Select(p => new DfuSeElement((uint)(flashStart + p.Offset), new byte[Math.Min(p.Length, (int)(flashEnd - flashStart - p.Offset))]))
                                .Where(e => e.Length > 0).ToArray();
            if (elements.Length == 0)
            {
                return;
            }

            DfuSeFlashPlan plan;
            try
            {
                plan = Stm32F405FlashMap.CreatePlan(new[] { new DfuSeTarget(0, "ST...", elements) }, fullErase, "property.dfu");
            }
            catch (DfuFlashPlanException)
            {
                // Overlapping elements are refused before anything is planned.
                Assert.Contains(elements, a => elements.Any(b => !ReferenceEquals(a, b) && a.Address < b.EndAddress && b.Address < a.EndAddress));
                return;
            }

            Assert.Equal(fullErase, plan.MassErase);
            if (fullErase)
            {
                return;
            }

            bool imageTouchesFilesystem = elements.Any(e => e.Address < Stm32F405FlashMap.PyboardFilesystemEnd && e.EndAddress > Stm32F405FlashMap.PyboardFilesystemStart);
            Assert.Equal(imageTouchesFilesystem, Stm32F405FlashMap.ErasesPyboardFilesystem(plan));
            Assert.All(plan.Erases, s => Assert.Contains(elements, e => e.Address < s.EndAddress && e.EndAddress > s.Address));
            Assert.All(elements, e => Assert.True(plan.ErasesAny(0, e.Address, e.EndAddress)));
            Assert.All(plan.Writes, w => Assert.Contains(elements, e => w.Address >= e.Address && w.EndAddress <= e.EndAddress));
            Assert.Equal(elements.Sum(e => (long)e.Length), plan.TotalWriteBytes);
        });
    }
}
