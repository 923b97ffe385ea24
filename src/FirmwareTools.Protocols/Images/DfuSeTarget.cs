using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>A DfuSe "target": the elements meant for one alternate setting (alt 0 = internal flash on STM32).</summary>
    public sealed class DfuSeTarget
    {
        public DfuSeTarget(byte alternateSetting, string name, IEnumerable<DfuSeElement> elements)
        {
            AlternateSetting = alternateSetting;
            Name = name ?? string.Empty;
            Elements = new ReadOnlyCollection<DfuSeElement>((elements ?? throw new ArgumentNullException(nameof(elements))).ToList());
        }

        public byte AlternateSetting { get; }

        /// <summary>The target name ("ST..." from MicroPython's dfu.py); empty when the file marks it unnamed.</summary>
        public string Name { get; }

        public IReadOnlyList<DfuSeElement> Elements { get; }

        public long TotalLength => Elements.Sum(e => e.Length);
    }
}
