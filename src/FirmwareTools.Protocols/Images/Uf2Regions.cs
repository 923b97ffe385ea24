using System.Collections.Generic;
using System.Linq;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>Merges address ranges that touch or overlap into the fewest <see cref="MemoryRegion"/>s, in address order.</summary>
    internal static class Uf2Regions
    {
        public static IReadOnlyList<MemoryRegion> Merge(IEnumerable<MemoryRegion> regions)
        {
            var merged = new List<MemoryRegion>();
            foreach (MemoryRegion region in regions.Where(r => r.Length > 0).OrderBy(r => r.Address))
            {
                MemoryRegion? last = merged.Count > 0 ? merged[merged.Count - 1] : null;
                if (last != null && region.Address <= last.EndAddress)
                {
                    long end = System.Math.Max(last.EndAddress, region.EndAddress);
                    merged[merged.Count - 1] = new MemoryRegion(last.Address, end - last.Address);
                }
                else
                {
                    merged.Add(region);
                }
            }

            return merged;
        }
    }
}
