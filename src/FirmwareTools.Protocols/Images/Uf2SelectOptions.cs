namespace FirmwareTools.Protocols.Images
{
    /// <summary>What <see cref="Uf2FlashImage.Select"/> checks a file against: the chip, its flash and the region to keep.</summary>
    public sealed class Uf2SelectOptions
    {
        public Rp2Chip Chip { get; set; }

        /// <summary>Flash size in bytes; 0 = the chip's default Pico board (2 MiB RP2040, 4 MiB RP2350).</summary>
        public uint FlashSize { get; set; }

        /// <summary>The family to take; null = the chip's own (RP2040; RP2350 Arm-S, else RISC-V). RP2XXX_ABSOLUTE only when asked.</summary>
        public uint? FamilyId { get; set; }

        /// <summary>The first filesystem address to keep; null = none to keep.</summary>
        public uint? FilesystemStart { get; set; }

        /// <summary>Where the filesystem start came from, for messages ("RPI_PICO_W", "any Pico").</summary>
        public string? FilesystemOwner { get; set; }

        /// <summary>-EraseFilesystem: pages inside the filesystem are allowed.</summary>
        public bool AllowFilesystem { get; set; }

        internal uint EffectiveFlashSize => FlashSize != 0 ? FlashSize : Rp2BoardProfile.DefaultFlashSize(Chip);

        /// <summary>
        /// Options for <paramref name="chip"/> keeping the filesystem of <paramref name="board"/> (null: of every Pico variant the image can fit).
        /// The family comes from the file (Arm before RISC-V): a board's Arm and RISC-V builds share one layout.
        /// </summary>
        public static Uf2SelectOptions For(Rp2Chip chip, Rp2BoardProfile? board, bool allowFilesystem) => new Uf2SelectOptions
        {
            Chip = chip,
            FlashSize = board?.FlashSize ?? 0,
            FilesystemStart = board?.FilesystemStart ?? Rp2BoardProfile.HighestFilesystemStart(chip),
            FilesystemOwner = board?.Name ?? (chip == Rp2Chip.Rp2040 ? "every RP2040 Pico" : "every RP2350 Pico 2"),
            AllowFilesystem = allowFilesystem,
        };
    }
}
