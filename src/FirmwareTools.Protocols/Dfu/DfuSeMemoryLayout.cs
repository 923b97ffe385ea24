using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// A DfuSe memory layout, parsed from an alternate setting's iInterface string such as
    /// <c>@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg</c> (UM0424 §4.3.2; docs/protocols/dfu-dfuse.md §2).
    /// </summary>
    public sealed class DfuSeMemoryLayout
    {
        // One sector run: count '*' size [multiplier] type. Whitespace is tolerated around tokens (webdfu
        // does the same); numbers are decimal even with leading zeros ("016" is sixteen, not octal),
        // and ASCII only: .NET's \d would also accept digits of other scripts.
        private static readonly Regex SectorPattern = new Regex(
            @"^\s*(?<count>[0-9]+)\s*\*\s*(?<size>[0-9]+)\s*(?<mult>[ BKM]?)\s*(?<type>[a-g])\s*$",
            RegexOptions.CultureInvariant);

        private static readonly Regex ZoneAddressPattern = new Regex(
            @"^\s*0[xX](?<hex>[0-9a-fA-F]{1,8})\s*$",
            RegexOptions.CultureInvariant);

        private DfuSeMemoryLayout(string raw, string name, IList<DfuSeMemorySegment> segments)
        {
            Raw = raw;
            Name = name;
            Segments = new ReadOnlyCollection<DfuSeMemorySegment>(segments);
        }

        /// <summary>The string exactly as the device reported it.</summary>
        public string Raw { get; }

        /// <summary>The name without the '@' and without the padding spaces ST puts before the first '/'.</summary>
        public string Name { get; }

        public IReadOnlyList<DfuSeMemorySegment> Segments { get; }

        /// <summary>Sum of all segment lengths.</summary>
        public long TotalLength => Segments.Sum(s => s.Length);

        /// <summary>Sum of the readable segments: what a full backup reads (1 MiB on an STM32F405).</summary>
        public long ReadableLength => Segments.Where(s => s.IsReadable).Sum(s => s.Length);

        public uint StartAddress => Segments[0].StartAddress;

        public DfuSeMemorySegment? FindSegment(long address) => Segments.FirstOrDefault(s => s.Contains(address));

        /// <summary>Parses a layout string. Throws <c>DfuSeLayoutInvalid</c> naming the string and the first problem; never returns a half-parsed layout.</summary>
        public static DfuSeMemoryLayout Parse(string layout)
        {
            if (TryParse(layout, out DfuSeMemoryLayout? result, out string? problem))
            {
                return result!;
            }

            throw DfuErrors.LayoutInvalid(layout, problem!);
        }

        public static bool TryParse(string? layout, out DfuSeMemoryLayout? result, out string? problem)
        {
            result = null;
            if (layout is null || layout.Length == 0)
            {
                problem = "the string is empty";
                return false;
            }

            if (layout[0] != '@')
            {
                problem = "it does not start with '@', so it is not a DfuSe memory layout";
                return false;
            }

            string[] parts = layout.Substring(1).Split('/');
            string name = parts[0];
            if (parts.Length < 3)
            {
                problem = "it has no '/0xADDRESS/sectors' zone after the name";
                return false;
            }

            if ((parts.Length - 1) % 2 != 0)
            {
                problem = "a zone address is not followed by a sector list";
                return false;
            }

            var segments = new List<DfuSeMemorySegment>();
            for (int i = 1; i < parts.Length; i += 2)
            {
                Match zone = ZoneAddressPattern.Match(parts[i]);
                if (!zone.Success)
                {
                    problem = $"'{parts[i]}' is not a zone address of the form 0xHHHHHHHH";
                    return false;
                }

                long address = long.Parse(zone.Groups["hex"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                foreach (string item in parts[i + 1].Split(','))
                {
                    Match sector = SectorPattern.Match(item);
                    if (!sector.Success)
                    {
                        problem = $"'{item}' is not a sector run of the form COUNT*SIZE[ BKM]TYPE (type a-g)";
                        return false;
                    }

                    if (!uint.TryParse(sector.Groups["count"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out uint count) ||
                        !uint.TryParse(sector.Groups["size"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out uint size))
                    {
                        problem = $"a number in '{item}' is too large";
                        return false;
                    }

                    long multiplier = sector.Groups["mult"].Value switch
                    {
                        "K" => 1024,
                        "M" => 1024 * 1024,
                        _ => 1,
                    };
                    long sectorSize = size * multiplier;
                    if (count == 0 || sectorSize == 0)
                    {
                        problem = $"'{item}' describes no memory (zero count or size)";
                        return false;
                    }

                    // Compared by division: count * sectorSize can exceed what a long holds (4294967295*4095M) and wrap
                    // to a small number that would pass an end-address check.
                    if (sectorSize > uint.MaxValue || count > (0x1_0000_0000L - address) / sectorSize)
                    {
                        problem = $"'{item}' at 0x{address:X8} runs past the 4 GiB address space";
                        return false;
                    }

                    segments.Add(new DfuSeMemorySegment((uint)address, (uint)sectorSize, count, sector.Groups["type"].Value[0]));
                    address += count * sectorSize;
                }
            }

            problem = null;
            result = new DfuSeMemoryLayout(layout, name.Trim(), segments);
            return true;
        }

        /// <summary>
        /// The layout in the canonical form: "@Name/0xADDRESS/NN*SIZE[KM]t,..." with one zone per run of adjacent segments and
        /// each size in the largest unit that divides it. <see cref="Parse"/> reads it back to the same segments.
        /// </summary>
        public string Format()
        {
            var text = new System.Text.StringBuilder("@").Append(Name);
            long next = -1;
            foreach (DfuSeMemorySegment segment in Segments)
            {
                text.Append(segment.StartAddress == next ? "," : string.Format(CultureInfo.InvariantCulture, "/0x{0:X8}/", segment.StartAddress));
                (uint size, string unit) = segment.SectorSize % (1024 * 1024) == 0 ? (segment.SectorSize / (1024 * 1024), "M")
                    : segment.SectorSize % 1024 == 0 ? (segment.SectorSize / 1024, "K")
                    : (segment.SectorSize, string.Empty);
                text.AppendFormat(CultureInfo.InvariantCulture, "{0:D2}*{1:D3}{2}{3}", segment.SectorCount, size, unit, segment.TypeLetter);
                next = segment.EndAddress;
            }

            return text.ToString();
        }

        public override string ToString() => Raw;
    }
}
