using System;
using System.Collections.Generic;
using System.Linq;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>Get-FirmwareInfo's view of a .uf2 file: its runs, the chip it is for, what writing it would overwrite.</summary>
    public sealed class Uf2ImageInfo
    {
        /// <summary>Number of 512-byte blocks in the file.</summary>
        public int BlockCount { get; init; }

        /// <summary>Every family in the file, e.g. "RP2350_ARM_S (0xE48BFF59)".</summary>
        public IReadOnlyList<string> Families { get; init; } = Array.Empty<string>();

        /// <summary>The runs (one family, one numBlocks each) with the ranges they cover.</summary>
        public IReadOnlyList<string> Runs { get; init; } = Array.Empty<string>();

        /// <summary>The chip the firmware is for; null when the file holds no RP firmware family.</summary>
        public Rp2Chip? Chip { get; init; }

        /// <summary>The family a board would take (null when none).</summary>
        public string? Family { get; init; }

        /// <summary>The flash ranges written.</summary>
        public IReadOnlyList<MemoryRegion> Regions { get; init; } = Array.Empty<MemoryRegion>();

        /// <summary>What writing it overwrites: the 4 KiB sectors erased, merged.</summary>
        public IReadOnlyList<MemoryRegion> ErasedRegions { get; init; } = Array.Empty<MemoryRegion>();

        /// <summary>The boards of the chip whose MicroPython filesystem the image reaches (their files would be lost).</summary>
        public IReadOnlyList<string> OverwritesFilesystemOf { get; init; } = Array.Empty<string>();

        /// <summary>The file starts with picotool's RP2350-E10 block, recognised and never written (the drive path would write it).</summary>
        public bool HasE10Block { get; init; }

        /// <summary>Why copying to an RP2040's drive would be unsafe (RP2040-E14); null when it is safe.</summary>
        public string? DriveCopyProblem { get; init; }

        /// <summary>Why the flashed image would not boot; null when it would.</summary>
        public string? BootProblem { get; init; }

        public override string ToString() =>
            $"{(Chip?.ToString().ToUpperInvariant() ?? "no RP chip")}, {Family ?? "no family"}, {string.Join(", ", Regions)}";

        internal static IReadOnlyList<MemoryRegion> Sectors(Uf2FlashImage image) =>
            Uf2Regions.Merge(image.Sectors.Select(s => new MemoryRegion(s, Uf2FlashImage.SectorSize)));
    }
}
