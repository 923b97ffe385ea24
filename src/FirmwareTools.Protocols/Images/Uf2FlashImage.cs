using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// The flash pages a chip would take from a UF2 file: the one run of its family, checked completely (payload 256,
    /// 256-aligned addresses inside flash and below the filesystem, every block number of the run exactly once, no page
    /// twice). Blocks of other families are listed and ignored, as the ROM ignores them; the RP2350-E10 block is never taken.
    /// </summary>
    public sealed class Uf2FlashImage
    {
        public const uint FlashBase = Rp2BoardProfile.FlashBase;
        public const int PageSize = Uf2Block.Rp2PageSize;
        public const int SectorSize = 4096;

        private readonly SortedDictionary<uint, byte[]> pages;

        private Uf2FlashImage(Uf2File file, Uf2SelectOptions options, uint familyId, SortedDictionary<uint, byte[]> pages, IReadOnlyList<Uf2FileBlock> blocks)
        {
            File = file;
            Chip = options.Chip;
            FamilyId = familyId;
            FlashSize = options.EffectiveFlashSize;
            this.pages = pages;
            SkippedE10Block = file.Runs.Any(r => r.IsRp2350E10);
            IgnoredRuns = file.Runs.Where(r => r.FamilyId != familyId || r.IsNotMainFlash || r.IsRp2350E10).ToList();
            Regions = Uf2Regions.Merge(pages.Keys.Select(a => new MemoryRegion(a, PageSize)));
            Sectors = pages.Keys.Select(a => a & ~(uint)(SectorSize - 1)).Distinct().ToList();
            DriveCopyProblem = FindDriveCopyProblem(blocks);
            BootProblem = Rp2BootCheck.Problem(Chip, FlashStart());
        }

        public Uf2File File { get; }

        public Rp2Chip Chip { get; }

        public uint FamilyId { get; }

        public uint FlashSize { get; }

        /// <summary>Page addresses in ascending order.</summary>
        public IReadOnlyList<uint> PageAddresses => pages.Keys.ToList();

        public int PageCount => pages.Count;

        /// <summary>Payload bytes written (pages × 256).</summary>
        public long Length => (long)pages.Count * PageSize;

        /// <summary>The address ranges written, merged where pages touch.</summary>
        public IReadOnlyList<MemoryRegion> Regions { get; }

        /// <summary>The 4 KiB sectors the pages fall in, ascending: exactly what is erased (pages absent from a sector end up 0xFF).</summary>
        public IReadOnlyList<uint> Sectors { get; }

        /// <summary>The exclusive end of the highest page.</summary>
        public long EndAddress => pages.Count == 0 ? FlashBase : (long)pages.Keys.Last() + PageSize;

        /// <summary>True when the file starts with picotool's RP2350-E10 block, which is recognised and never written.</summary>
        public bool SkippedE10Block { get; }

        /// <summary>Runs the chip ignores: other families, not-main-flash blocks, the E10 block.</summary>
        public IReadOnlyList<Uf2Run> IgnoredRuns { get; }

        /// <summary>Why copying the file to an RP2040's BOOTSEL drive would go wrong (RP2040-E14), null when it is safe or the chip is an RP2350.</summary>
        public string? DriveCopyProblem { get; }

        /// <summary>Why the written flash would not boot; null when it would.</summary>
        public string? BootProblem { get; }

        /// <summary>A copy of the page at <paramref name="address"/>.</summary>
        public byte[] GetPage(uint address) => (byte[])pages[address].Clone();

        public bool HasPage(uint address) => pages.ContainsKey(address);

        /// <summary>
        /// Checks <paramref name="file"/> for the chip in <paramref name="options"/> and returns its pages; throws
        /// <see cref="Uf2FileException"/> naming the block and the rule at the first problem.
        /// </summary>
        public static Uf2FlashImage Select(Uf2File file, Uf2SelectOptions options)
        {
            if (file is null)
            {
                throw new ArgumentNullException(nameof(file));
            }

            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            uint family = ChooseFamily(file, options);
            List<Uf2FileBlock> blocks = file.Blocks
                .Where(b => b.Block.FamilyId == family && !b.Block.HasFlag(Uf2Flags.NotMainFlash) && !b.Block.IsRp2350E10Block)
                .ToList();
            CheckNumbering(file, family, blocks);
            var pages = new SortedDictionary<uint, byte[]>();
            var owners = new Dictionary<uint, Uf2FileBlock>();
            foreach (Uf2FileBlock block in blocks)
            {
                CheckPage(file, options, block);
                if (owners.TryGetValue(block.Block.TargetAddress, out Uf2FileBlock? first))
                {
                    throw RunError(file, block, $"block {block.Block.BlockNumber} writes page 0x{block.Block.TargetAddress:X8} again (block {first.Block.BlockNumber} at offset {first.Offset} already does): blocks overlap");
                }

                owners.Add(block.Block.TargetAddress, block);
                pages.Add(block.Block.TargetAddress, block.Block.GetPayload());
            }

            return new Uf2FlashImage(file, options, family, pages, blocks);
        }

        /// <summary>The families a chip's ROM takes without a partition table.</summary>
        public static IReadOnlyList<uint> AcceptedFamilies(Rp2Chip chip) => chip == Rp2Chip.Rp2040
            ? new[] { Uf2Family.Rp2040 }
            : new[] { Uf2Family.Rp2350ArmSecure, Uf2Family.Rp2350RiscV, Uf2Family.Rp2xxxAbsolute };

        private static uint ChooseFamily(Uf2File file, Uf2SelectOptions options)
        {
            IReadOnlyList<uint> accepted = AcceptedFamilies(options.Chip);
            var present = file.Runs.Where(r => !r.IsNotMainFlash && !r.IsRp2350E10 && r.FamilyId.HasValue).Select(r => r.FamilyId!.Value).Distinct().ToList();
            if (options.FamilyId is uint asked && present.Contains(asked) && accepted.Contains(asked))
            {
                return asked;
            }

            // Absolute-family firmware only on request: the default partition takes it, but it is not what MicroPython ships.
            uint? chosen = accepted.Where(f => f != Uf2Family.Rp2xxxAbsolute).Cast<uint?>().FirstOrDefault(f => present.Contains(f!.Value));
            if (chosen is uint found && options.FamilyId is null)
            {
                return found;
            }

            string chip = options.Chip == Rp2Chip.Rp2040 ? "RP2040" : "RP2350";
            string wanted = options.FamilyId is uint w ? Uf2Family.Describe(w) : string.Join(" or ", accepted.Where(f => f != Uf2Family.Rp2xxxAbsolute).Select(Uf2Family.Describe));
            string has = present.Count == 0 ? "no family blocks the ROM would take" : "only " + string.Join(", ", present.Select(Uf2Family.Describe));
            string hint = present.Contains(Uf2Family.Rp2040) ? "It is built for an RP2040 (Pico, Pico W)." :
                present.Any(f => f >= Uf2Family.Rp2xxxAbsolute && f <= Uf2Family.Rp2350ArmNonSecure) ? "It is built for an RP2350 (Pico 2, Pico 2 W)." : string.Empty;
            throw new Uf2FileException(file.Path, null, $"it has no {wanted} block for the {chip}; it holds {has}. {hint}".TrimEnd(), ImageErrors.Uf2FamilyMismatchId,
                $"Download the firmware built for this board's chip ({chip}), e.g. Save-Firmware -Board {(options.Chip == Rp2Chip.Rp2040 ? "RPI_PICO" : "RPI_PICO2")}.");
        }

        private static void CheckNumbering(Uf2File file, uint family, List<Uf2FileBlock> blocks)
        {
            var counts = blocks.Select(b => b.Block.BlockCount).Distinct().ToList();
            if (counts.Count > 1)
            {
                Uf2FileBlock odd = blocks.First(b => b.Block.BlockCount != blocks[0].Block.BlockCount);
                throw RunError(file, odd, $"the {Uf2Family.Name(family)} blocks disagree on numBlocks ({string.Join(", ", counts)}): more than one transfer of the same family");
            }

            uint count = counts[0];
            var seen = new Dictionary<uint, Uf2FileBlock>();
            foreach (Uf2FileBlock block in blocks)
            {
                if (block.Block.BlockNumber >= count)
                {
                    throw RunError(file, block, $"blockNo {block.Block.BlockNumber} is not below numBlocks {count}");
                }

                if (seen.TryGetValue(block.Block.BlockNumber, out Uf2FileBlock? first))
                {
                    throw RunError(file, block, $"blockNo {block.Block.BlockNumber} appears twice (first at offset {first.Offset})");
                }

                seen.Add(block.Block.BlockNumber, block);
            }

            if (seen.Count != count)
            {
                var missing = Enumerable.Range(0, (int)Math.Min(count, int.MaxValue)).Select(n => (uint)n).Where(n => !seen.ContainsKey(n)).Take(5).ToList();
                throw new Uf2FileException(file.Path, null,
                    $"the {Uf2Family.Name(family)} run has {seen.Count} of its {count} blocks (missing blockNo {string.Join(", ", missing)}{(count - seen.Count > missing.Count ? ", ..." : string.Empty)}): the file is truncated or incomplete",
                    ImageErrors.Uf2RunInvalidId);
            }
        }

        private static void CheckPage(Uf2File file, Uf2SelectOptions options, Uf2FileBlock fileBlock)
        {
            Uf2Block block = fileBlock.Block;
            if (block.PayloadSize != PageSize)
            {
                throw RunError(file, fileBlock, $"the payload is {block.PayloadSize} bytes; the RP boot ROMs take only 256-byte pages");
            }

            uint address = block.TargetAddress;
            if (address % PageSize != 0)
            {
                throw RunError(file, fileBlock, $"the target address 0x{address:X8} is not 256-aligned");
            }

            long flashEnd = FlashBase + (long)options.EffectiveFlashSize;
            if (address < FlashBase || address + (long)PageSize > flashEnd)
            {
                string where = address >= 0x20000000 && address < 0x20082000 ? " It targets RAM: a RAM image is not firmware." : string.Empty;
                throw new Uf2FileException(file.Path, fileBlock.Offset + 12,
                    $"page 0x{address:X8} lies outside the {ByteSize.Format(options.EffectiveFlashSize)} flash (0x{FlashBase:X8}-0x{flashEnd - 1:X8}).{where}".TrimEnd('.'),
                    ImageErrors.Uf2AddressOutsideFlashId, "Use firmware built for this board and its flash size.");
            }

            if (options.FilesystemStart is uint fs && !options.AllowFilesystem && address + (long)PageSize > fs)
            {
                throw new Uf2FileException(file.Path, fileBlock.Offset + 12,
                    string.Format(CultureInfo.InvariantCulture, "page 0x{0:X8} lies in the MicroPython filesystem of {1} (from 0x{2:X8}): writing it would destroy the files on the board",
                        address, options.FilesystemOwner ?? "the board", fs),
                    ImageErrors.Uf2TouchesFilesystemId, "Back up the board's files first, then add -EraseFilesystem to overwrite the filesystem, or name the board with -Board.");
            }
        }

        private static Uf2FileException RunError(Uf2File file, Uf2FileBlock block, string problem) =>
            new Uf2FileException(file.Path, block.Offset, problem, ImageErrors.Uf2RunInvalidId);

        /// <summary>
        /// RP2040-E14: the drive's erase bitmap is indexed by blockNo × 256 / 4096, not by address, so a copy is only safe when
        /// page n sits at start + n × 256 with a 4 KiB-aligned start (no holes, blocks numbered in address order).
        /// </summary>
        private string? FindDriveCopyProblem(IReadOnlyList<Uf2FileBlock> blocks)
        {
            if (Chip != Rp2Chip.Rp2040 || blocks.Count == 0)
            {
                return null;
            }

            uint start = pages.Keys.First();
            if (start % SectorSize != 0)
            {
                return $"the image starts at 0x{start:X8}, not on a 4 KiB boundary: the RP2040 drive would skip an erase (RP2040-E14); use -Method Picoboot";
            }

            Uf2FileBlock? misplaced = blocks.FirstOrDefault(b => b.Block.TargetAddress != start + (b.Block.BlockNumber * (long)PageSize));
            return misplaced is null ? null
                : $"block {misplaced.Block.BlockNumber} is at 0x{misplaced.Block.TargetAddress:X8}, not at start + blockNo × 256 (holes or reordered numbering): the RP2040 drive could skip an erase (RP2040-E14); use -Method Picoboot";
        }

        /// <summary>The first 4 KiB of flash as written (absent pages 0xFF), for the boot check.</summary>
        private byte[] FlashStart()
        {
            var start = new byte[SectorSize];
            for (int i = 0; i < start.Length; i++)
            {
                start[i] = 0xFF;
            }

            for (uint address = FlashBase; address < FlashBase + SectorSize; address += PageSize)
            {
                if (pages.TryGetValue(address, out byte[]? page))
                {
                    Array.Copy(page, 0, start, address - FlashBase, PageSize);
                }
            }

            return start;
        }
    }
}
