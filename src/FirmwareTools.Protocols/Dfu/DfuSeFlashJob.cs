using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// What <see cref="DfuSeFlasher"/> does to one alternate setting: the sectors to erase (each once, or a mass
    /// erase) and the regions to write, already validated against the device's memory layout by the planner.
    /// </summary>
    public sealed class DfuSeFlashJob
    {
        public DfuSeFlashJob(IEnumerable<DfuSeAddressRange> sectorsToErase, IEnumerable<DfuSeElement> regions, bool massErase = false)
        {
            SectorsToErase = new ReadOnlyCollection<DfuSeAddressRange>((sectorsToErase ?? throw new ArgumentNullException(nameof(sectorsToErase))).ToList());
            Regions = new ReadOnlyCollection<DfuSeElement>((regions ?? throw new ArgumentNullException(nameof(regions))).ToList());
            MassErase = massErase;
            if (massErase && SectorsToErase.Count > 0)
            {
                throw new ArgumentException("A mass erase replaces the sector erases; give one or the other.", nameof(sectorsToErase));
            }
        }

        /// <summary>Sector start addresses and sizes, in the order to erase them.</summary>
        public IReadOnlyList<DfuSeAddressRange> SectorsToErase { get; }

        public IReadOnlyList<DfuSeElement> Regions { get; }

        /// <summary>Erase all user flash with one command instead of sector by sector (wipes a pyboard's filesystem).</summary>
        public bool MassErase { get; }

        public long TotalWriteLength => Regions.Sum(r => r.Length);

        public long TotalEraseLength => SectorsToErase.Sum(s => s.Length);
    }
}
