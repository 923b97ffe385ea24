using System;
using System.Collections.Generic;
using System.Linq;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// A MicroPython rp2 board as its build defines it: chip, flash size, the UF2 family of its firmware and where its
    /// filesystem starts (flash size − filesystem bytes; it runs to the end of flash). MicroPython HEAD defaults; older
    /// releases may differ.
    /// </summary>
    public sealed class Rp2BoardProfile
    {
        public const uint FlashBase = 0x10000000;

        private Rp2BoardProfile(string name, Rp2Chip chip, uint flashSize, uint filesystemBytes, uint familyId)
        {
            Name = name;
            Chip = chip;
            FlashSize = flashSize;
            FilesystemStart = FlashBase + flashSize - filesystemBytes;
            FamilyId = familyId;
        }

        /// <summary>The MicroPython board name (the build directory), e.g. RPI_PICO2_W or RPI_PICO2-RISCV.</summary>
        public string Name { get; }

        public Rp2Chip Chip { get; }

        public uint FlashSize { get; }

        /// <summary>The first address of the MicroPython filesystem (it ends with the flash).</summary>
        public uint FilesystemStart { get; }

        public uint FamilyId { get; }

        /// <summary>The filesystem as a region: never written unless -EraseFilesystem says so.</summary>
        public MemoryRegion Filesystem => new MemoryRegion(FilesystemStart, FlashBase + (long)FlashSize - FilesystemStart);

        public static IReadOnlyList<Rp2BoardProfile> All { get; } = new[]
        {
            new Rp2BoardProfile("RPI_PICO", Rp2Chip.Rp2040, 2 * 1024 * 1024, 1441792, Uf2Family.Rp2040),
            new Rp2BoardProfile("RPI_PICO_W", Rp2Chip.Rp2040, 2 * 1024 * 1024, 868352, Uf2Family.Rp2040),
            new Rp2BoardProfile("RPI_PICO2", Rp2Chip.Rp2350, 4 * 1024 * 1024, 3145728, Uf2Family.Rp2350ArmSecure),
            new Rp2BoardProfile("RPI_PICO2-RISCV", Rp2Chip.Rp2350, 4 * 1024 * 1024, 3145728, Uf2Family.Rp2350RiscV),
            new Rp2BoardProfile("RPI_PICO2_W", Rp2Chip.Rp2350, 4 * 1024 * 1024, 2621440, Uf2Family.Rp2350ArmSecure),
            new Rp2BoardProfile("RPI_PICO2_W-RISCV", Rp2Chip.Rp2350, 4 * 1024 * 1024, 2621440, Uf2Family.Rp2350RiscV),
        };

        public static Rp2BoardProfile? Find(string name) => All.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase));

        /// <summary>The flash size a chip's board has by default: 2 MiB on the Picos, 4 MiB on the Pico 2s.</summary>
        public static uint DefaultFlashSize(Rp2Chip chip) => chip == Rp2Chip.Rp2040 ? 2u * 1024 * 1024 : 4u * 1024 * 1024;

        /// <summary>
        /// With no board named (BOOTSEL cannot tell a Pico from a Pico W): the highest filesystem start among the boards of
        /// <paramref name="chip"/>. Firmware ending above it overwrites every variant's filesystem, so it is refused; below it,
        /// it fits at least the variant it was built for.
        /// </summary>
        public static uint HighestFilesystemStart(Rp2Chip chip) => All.Where(b => b.Chip == chip).Max(b => b.FilesystemStart);

        public override string ToString() => Name;
    }
}
