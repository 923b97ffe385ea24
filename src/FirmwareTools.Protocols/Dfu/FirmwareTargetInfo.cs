using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>One target of a firmware file (a DfuSe target: an alternate setting and its elements), without the bytes.</summary>
    public sealed class FirmwareTargetInfo
    {
        public FirmwareTargetInfo(byte alternateSetting, string name, IEnumerable<FirmwareElementInfo> elements)
        {
            AlternateSetting = alternateSetting;
            Name = name ?? string.Empty;
            Elements = new ReadOnlyCollection<FirmwareElementInfo>((elements ?? Enumerable.Empty<FirmwareElementInfo>()).ToList());
        }

        public byte AlternateSetting { get; }

        public string Name { get; }

        public IReadOnlyList<FirmwareElementInfo> Elements { get; }

        public long Length => Elements.Sum(e => e.Length);

        public override string ToString() => $"alt {AlternateSetting} \"{Name}\": {string.Join(", ", Elements)}";
    }
}
