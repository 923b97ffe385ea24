using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// A .uf2 file read whole and checked block by block (magics, payload size, extension tags, no file containers), split
    /// into its runs. Which run a chip takes, and whether it fits, is decided by <see cref="Uf2FlashImage.Select"/>.
    /// </summary>
    public sealed class Uf2File
    {
        /// <summary>Larger than any RP flash (16 MiB of payload is 32 MiB of blocks) with room: anything bigger is refused unread.</summary>
        public const long MaximumFileLength = 64L * 1024 * 1024;

        private Uf2File(string path, long length, IReadOnlyList<Uf2FileBlock> blocks)
        {
            Path = path;
            Length = length;
            Blocks = blocks;
            Runs = SplitRuns(blocks);
        }

        public string Path { get; }

        /// <summary>File length in bytes (blocks × 512).</summary>
        public long Length { get; }

        public IReadOnlyList<Uf2FileBlock> Blocks { get; }

        public IReadOnlyList<Uf2Run> Runs { get; }

        /// <summary>The distinct family ids of the file's blocks, in order of first appearance.</summary>
        public IReadOnlyList<uint> FamilyIds => Blocks.Where(b => b.Block.FamilyId.HasValue).Select(b => b.Block.FamilyId!.Value).Distinct().ToList();

        /// <summary>True when the first bytes are a UF2 block's start magics (how a .uf2 given under any name is recognised).</summary>
        public static bool StartsLikeUf2(byte[] head) =>
            head != null && head.Length >= 8 && Uf2Block.ReadUInt32(head, 0) == Uf2Block.MagicStart0 && Uf2Block.ReadUInt32(head, 4) == Uf2Block.MagicStart1;

        /// <summary>Reads and checks <paramref name="path"/>; throws <c>FirmwareFileNotFound</c> or <see cref="Uf2FileException"/>.</summary>
        public static Uf2File Read(string path)
        {
            string fullPath = System.IO.Path.GetFullPath(path);
            var info = new FileInfo(fullPath);
            if (!info.Exists)
            {
                throw ImageErrors.FileNotFound(path);
            }

            if (info.Length > MaximumFileLength)
            {
                throw new Uf2FileException(fullPath, null, $"the file is {ByteSize.Format(info.Length)}, more than any RP2040 or RP2350 flash can take as UF2 ({ByteSize.Format(MaximumFileLength)})");
            }

            byte[] content;
            try
            {
                content = File.ReadAllBytes(fullPath);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new Uf2FileException(fullPath, null, "the file cannot be read: " + e.Message, ImageErrors.Uf2FileInvalidId, "Check the file's permissions and that no other program holds it.");
            }

            return Parse(content, fullPath);
        }

        /// <summary>Checks every block of <paramref name="content"/>; <paramref name="path"/> names the file in errors.</summary>
        public static Uf2File Parse(byte[] content, string path)
        {
            if (content is null)
            {
                throw new ArgumentNullException(nameof(content));
            }

            if (content.Length == 0)
            {
                throw new Uf2FileException(path, null, "the file is empty");
            }

            if (!StartsLikeUf2(content))
            {
                throw new Uf2FileException(path, 0, "the file does not start with the UF2 magic (55 46 32 0A 57 51 5D 9E): it is not a .uf2 file (a .bin, .dfu or .elf cannot be flashed as UF2)",
                    ImageErrors.Uf2FileInvalidId, "Give the .uf2 build of the firmware, e.g. from Save-Firmware -Board RPI_PICO.");
            }

            var blocks = new List<Uf2FileBlock>(content.Length / Uf2Block.Size);
            for (int offset = 0; offset + Uf2Block.Size <= content.Length; offset += Uf2Block.Size)
            {
                Uf2Block? block = Uf2Block.TryParse(content, offset, out string? problem, out int problemOffset);
                if (block is null)
                {
                    throw new Uf2FileException(path, problemOffset, problem!);
                }

                if (block.HasFlag(Uf2Flags.FileContainer))
                {
                    throw new Uf2FileException(path, offset + 8, "the block is a file container (flag 0x1000), not firmware");
                }

                blocks.Add(new Uf2FileBlock(block, offset));
            }

            int whole = content.Length / Uf2Block.Size * Uf2Block.Size;
            if (whole != content.Length)
            {
                throw new Uf2FileException(path, whole, $"the file is truncated: {content.Length - whole} byte(s) after the last whole 512-byte block");
            }

            return new Uf2File(path, content.Length, blocks);
        }

        /// <summary>A run ends where the family, numBlocks or the not-main-flash flag changes, as the ROMs see it.</summary>
        private static IReadOnlyList<Uf2Run> SplitRuns(IReadOnlyList<Uf2FileBlock> blocks)
        {
            var runs = new List<Uf2Run>();
            var current = new List<Uf2FileBlock>();
            foreach (Uf2FileBlock block in blocks)
            {
                if (current.Count > 0 && !SameRun(current[current.Count - 1].Block, block.Block))
                {
                    runs.Add(new Uf2Run(current));
                    current = new List<Uf2FileBlock>();
                }

                current.Add(block);
            }

            if (current.Count > 0)
            {
                runs.Add(new Uf2Run(current));
            }

            return runs;
        }

        private static bool SameRun(Uf2Block a, Uf2Block b) =>
            a.FamilyId == b.FamilyId && a.BlockCount == b.BlockCount && a.HasFlag(Uf2Flags.NotMainFlash) == b.HasFlag(Uf2Flags.NotMainFlash) &&
            !a.IsRp2350E10Block && !b.IsRp2350E10Block;
    }
}
