using System;
using System.Collections.Generic;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// The eFuse words the chips after the ESP32 are identified by (docs/protocols/esp32-family.md §2.3): BLK1's words
    /// w0..w5 (MAC, package, revision, flash and PSRAM capability) and, on the S2 and S3, BLK2's word 4 (calibration and
    /// block version). Read over the link by <see cref="Esp32LaterChipTarget.ReadEfuses"/>; decoded by each target's
    /// <see cref="Esp32LaterChipTarget.Describe"/>, which is pure and tested with numbers.
    /// </summary>
    public sealed class Esp32EfuseBlocks
    {
        /// <summary>BLK1 words read: w0..w5.</summary>
        public const int Block1Words = 6;

        public Esp32EfuseBlocks(IReadOnlyList<uint> block1, uint block2Word4 = 0)
        {
            if (block1 is null || block1.Count != Block1Words)
            {
                throw new ArgumentException($"BLK1 is read as {Block1Words} words.", nameof(block1));
            }

            Block1 = block1;
            Block2Word4 = block2Word4;
        }

        public IReadOnlyList<uint> Block1 { get; }

        /// <summary>BLK2 word 4 (the S2's calibration version, the S3's BLK_VERSION_MAJOR); 0 on chips that do not read it.</summary>
        public uint Block2Word4 { get; }

        /// <summary>BLK1 word <paramref name="n"/>, as the note's tables name it (w3 = BLK1 base + 0x0C).</summary>
        public uint W(int n) => Block1[n];

        /// <summary>Bits <paramref name="high"/>..<paramref name="low"/> (inclusive) of <paramref name="word"/>, shifted down.</summary>
        public static int Bits(uint word, int high, int low) => (int)((word >> low) & ((1u << (high - low + 1)) - 1));
    }
}
