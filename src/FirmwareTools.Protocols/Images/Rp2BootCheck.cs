namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// Whether flash holds something the boot ROM will start. RP2040: the 256-byte boot2 stage at 0x10000000 ends with the
    /// CRC-32/MPEG-2 (poly 0x04C11DB7, init 0xFFFFFFFF, MSB first, no final XOR) of its first 252 bytes. RP2350: an image
    /// definition block start marker 0xFFFFDED3 within the first 4 KiB.
    /// </summary>
    public static class Rp2BootCheck
    {
        public const uint BlockStartMarker = 0xFFFFDED3;
        public const uint BlockEndMarker = 0xAB123579;
        public const int Boot2Length = 252;

        /// <summary>CRC-32/MPEG-2; "123456789" gives 0x0376E6E7.</summary>
        public static uint Crc32Mpeg2(byte[] data, int offset, int count)
        {
            uint crc = 0xFFFFFFFF;
            for (int i = offset; i < offset + count; i++)
            {
                crc ^= (uint)data[i] << 24;
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
                }
            }

            return crc;
        }

        /// <summary>
        /// Null when <paramref name="start"/> (flash from 0x10000000: at least 256 bytes on RP2040, up to 4 KiB on RP2350)
        /// would boot; else why not.
        /// </summary>
        public static string? Problem(Rp2Chip chip, byte[] start)
        {
            if (chip == Rp2Chip.Rp2040)
            {
                if (start.Length < 256)
                {
                    return "the image has no boot2 stage at 0x10000000";
                }

                uint stored = Uf2Block.ReadUInt32(start, Boot2Length);
                uint computed = Crc32Mpeg2(start, 0, Boot2Length);
                return stored == computed ? null : $"the boot2 stage at 0x10000000 has CRC 0x{stored:X8}, not 0x{computed:X8}: the RP2040 would not boot it";
            }

            for (int offset = 0; offset + 4 <= start.Length && offset < 4096; offset += 4)
            {
                if (Uf2Block.ReadUInt32(start, offset) == BlockStartMarker)
                {
                    return null;
                }
            }

            return "no image definition block (marker 0xFFFFDED3) in the first 4 KiB of flash: the RP2350 would not boot it";
        }
    }
}
