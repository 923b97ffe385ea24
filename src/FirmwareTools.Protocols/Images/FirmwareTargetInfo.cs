using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>One target of a firmware file (a DfuSe target: an alternate setting and its elements), without the bytes.</summary>
    public sealed class FirmwareTargetInfo
    {
        public FirmwareTargetInfo(byte alternateSetting, string name, IEnumerable<MemoryRegion> elements)
        {
            AlternateSetting = alternateSetting;
            Name = name ?? string.Empty;
            Elements = new ReadOnlyCollection<MemoryRegion>((elements ?? Enumerable.Empty<MemoryRegion>()).ToList());
        }

        public byte AlternateSetting { get; }

        public string Name { get; }

        public IReadOnlyList<MemoryRegion> Elements { get; }

        public long Length => Elements.Sum(e => e.Length);

        public override string ToString() => $"alt {AlternateSetting} \"{Name}\": {string.Join(", ", Elements)}";
    }
}
