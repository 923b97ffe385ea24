using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>Writes flash contents as a UF2 file of 256-byte pages of one family, as picotool does (blocks in address order).</summary>
    public static class Uf2Writer
    {
        /// <summary>
        /// The UF2 bytes of <paramref name="image"/> placed at <paramref name="address"/> (256-aligned), padded with 0xFF to whole
        /// pages; with <paramref name="withE10Block"/> the RP2350-E10 block comes first, as in SDK-built RP2350 files.
        /// </summary>
        public static byte[] Write(byte[] image, uint address, uint familyId, bool withE10Block = false)
        {
            if (image is null)
            {
                throw new ArgumentNullException(nameof(image));
            }

            if (address % Uf2Block.Rp2PageSize != 0)
            {
                throw new ArgumentException($"The address 0x{address:X8} is not 256-aligned.", nameof(address));
            }

            int pageCount = (image.Length + Uf2Block.Rp2PageSize - 1) / Uf2Block.Rp2PageSize;
            var pages = new List<KeyValuePair<uint, byte[]>>(pageCount);
            for (int i = 0; i < pageCount; i++)
            {
                var page = Enumerable.Repeat((byte)0xFF, Uf2Block.Rp2PageSize).ToArray();
                Array.Copy(image, i * Uf2Block.Rp2PageSize, page, 0, Math.Min(Uf2Block.Rp2PageSize, image.Length - (i * Uf2Block.Rp2PageSize)));
                pages.Add(new KeyValuePair<uint, byte[]>(address + (uint)(i * Uf2Block.Rp2PageSize), page));
            }

            return WritePages(pages, familyId, withE10Block);
        }

        /// <summary>One block per page, numbered in the order given.</summary>
        public static byte[] WritePages(IReadOnlyList<KeyValuePair<uint, byte[]>> pages, uint familyId, bool withE10Block = false)
        {
            if (pages is null)
            {
                throw new ArgumentNullException(nameof(pages));
            }

            using (var output = new MemoryStream())
            {
                if (withE10Block)
                {
                    byte[] e10 = Uf2Block.EncodeE10Block();
                    output.Write(e10, 0, e10.Length);
                }

                for (int i = 0; i < pages.Count; i++)
                {
                    var header = new Uf2BlockHeader
                    {
                        TargetAddress = pages[i].Key,
                        BlockNumber = (uint)i,
                        BlockCount = (uint)pages.Count,
                        FamilyIdOrFileSize = familyId,
                    };
                    byte[] block = Uf2Block.Encode(header, pages[i].Value);
                    output.Write(block, 0, block.Length);
                }

                return output.ToArray();
            }
        }
    }
}
