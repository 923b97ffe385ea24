using System.Collections.Generic;
using System.Linq;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// Consecutive blocks of one family sharing one numBlocks: what a boot ROM treats as one transfer (a change of numBlocks,
    /// or on RP2350 of family, starts a new one). Per-family files may be concatenated, so a file is a list of runs.
    /// </summary>
    public sealed class Uf2Run
    {
        internal Uf2Run(IReadOnlyList<Uf2FileBlock> blocks)
        {
            Blocks = blocks;
        }

        public IReadOnlyList<Uf2FileBlock> Blocks { get; }

        /// <summary>The family id of the run's blocks; null when they carry none.</summary>
        public uint? FamilyId => Blocks[0].Block.FamilyId;

        /// <summary>numBlocks of the run's blocks.</summary>
        public uint BlockCount => Blocks[0].Block.BlockCount;

        /// <summary>Blocks flagged "not main flash": every RP boot ROM skips them.</summary>
        public bool IsNotMainFlash => Blocks[0].Block.HasFlag(Uf2Flags.NotMainFlash);

        /// <summary>The run is picotool's RP2350-E10 block (one block of a declared two): recognised, never written.</summary>
        public bool IsRp2350E10 => Blocks.Count == 1 && Blocks[0].Block.IsRp2350E10Block;

        /// <summary>Byte offset of the run's first block in the file.</summary>
        public long Offset => Blocks[0].Offset;

        /// <summary>The address ranges the run's payloads cover, merged where they touch.</summary>
        public IReadOnlyList<MemoryRegion> Regions => Uf2Regions.Merge(Blocks.Select(b => new MemoryRegion(b.Block.TargetAddress, b.Block.PayloadSize)));

        public override string ToString() =>
            $"{(FamilyId is uint f ? Uf2Family.Name(f) : "no family")}: {Blocks.Count} of {BlockCount} block(s){(IsRp2350E10 ? " (RP2350-E10 block)" : string.Empty)}";
    }
}
