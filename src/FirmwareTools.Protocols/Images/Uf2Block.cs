using System;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// One 512-byte UF2 block: a 32-byte header (two start magics, flags, target address, payload size, block number,
    /// block count of the run, family id or file size), 476 data bytes holding the payload and then zeros or extension
    /// tags, and the end magic at offset 508. All fields little-endian.
    /// </summary>
    public sealed class Uf2Block
    {
        public const int Size = 512;
        public const uint MagicStart0 = 0x0A324655;
        public const uint MagicStart1 = 0x9E5D5157;
        public const uint MagicEnd = 0x0AB16F30;
        public const int DataOffset = 32;
        public const int DataCapacity = 476;
        public const int MagicEndOffset = 508;

        /// <summary>The payload size the RP boot ROMs act on: one 256-byte flash page.</summary>
        public const int Rp2PageSize = 256;

        /// <summary>Extension tag 0x9957E3 "RP2 ignore block", stored as the u32 0x9957E304 (size 4 in byte 0).</summary>
        public const uint Rp2IgnoreBlockTag = 0x9957E304;

        /// <summary>The address of picotool's RP2350-E10 block: the last page of the 16 MiB flash window.</summary>
        public const uint E10Address = 0x10FFFF00;

        /// <summary>The byte the E10 block's payload is filled with.</summary>
        public const byte E10Fill = 0xEF;

        private readonly byte[] data;

        private Uf2Block(Uf2BlockHeader header, byte[] data, int payloadSize)
        {
            Flags = header.Flags;
            TargetAddress = header.TargetAddress;
            BlockNumber = header.BlockNumber;
            BlockCount = header.BlockCount;
            FamilyIdOrFileSize = header.FamilyIdOrFileSize;
            this.data = data;
            PayloadSize = payloadSize;
        }

        public Uf2Flags Flags { get; }

        public uint TargetAddress { get; }

        /// <summary>payloadSize: at most 476 and a multiple of 4; 256 for the RP boot ROMs.</summary>
        public int PayloadSize { get; }

        /// <summary>blockNo: 0-based position in its run.</summary>
        public uint BlockNumber { get; }

        /// <summary>numBlocks: the number of blocks of the run (one family, one count), not of the file.</summary>
        public uint BlockCount { get; }

        /// <summary>The family id when <see cref="Uf2Flags.FamilyIdPresent"/> is set, else the file size or zero.</summary>
        public uint FamilyIdOrFileSize { get; }

        /// <summary>The family id; null when the block has none.</summary>
        public uint? FamilyId => HasFlag(Uf2Flags.FamilyIdPresent) ? FamilyIdOrFileSize : (uint?)null;

        /// <summary>True when extension tag 0x9957E3 ("RP2 ignore block") follows the payload.</summary>
        public bool HasRp2IgnoreTag { get; private set; }

        /// <summary>
        /// True for the block picotool adds at the start of RP2350 files (RP2350-E10): an absolute-family block of a 2-block
        /// run at 0x10FFFF00, block 0, payload 256 bytes of 0xEF. It is recognised the way picotool recognises it and never written.
        /// </summary>
        public bool IsRp2350E10Block =>
            FamilyId == Uf2Family.Rp2xxxAbsolute && TargetAddress == E10Address && PayloadSize == Rp2PageSize &&
            BlockNumber == 0 && BlockCount == 2 && PayloadIsAll(E10Fill);

        public bool HasFlag(Uf2Flags flag) => (Flags & flag) == flag;

        /// <summary>A copy of the payload bytes.</summary>
        public byte[] GetPayload()
        {
            var payload = new byte[PayloadSize];
            Array.Copy(data, 0, payload, 0, PayloadSize);
            return payload;
        }

        /// <summary>Copies the payload to <paramref name="destination"/> at <paramref name="offset"/>.</summary>
        public void CopyPayloadTo(byte[] destination, int offset) => Array.Copy(data, 0, destination, offset, PayloadSize);

        /// <summary>
        /// Reads the block at <paramref name="offset"/> of <paramref name="file"/>. Returns null and sets <paramref name="problem"/>
        /// (what is wrong, and <paramref name="problemOffset"/> where) when it is not a sound UF2 block.
        /// </summary>
        public static Uf2Block? TryParse(byte[] file, int offset, out string? problem, out int problemOffset)
        {
            if (file is null)
            {
                throw new ArgumentNullException(nameof(file));
            }

            problem = null;
            problemOffset = offset;
            if (offset < 0 || file.Length - offset < Size)
            {
                problem = $"a UF2 block needs {Size} bytes, only {Math.Max(0, file.Length - offset)} remain";
                return null;
            }

            foreach ((int field, uint expected, string name) in new[] { (0, MagicStart0, "magicStart0"), (4, MagicStart1, "magicStart1"), (MagicEndOffset, MagicEnd, "magicEnd") })
            {
                uint actual = ReadUInt32(file, offset + field);
                if (actual != expected)
                {
                    problem = $"{name} is 0x{actual:X8}, not 0x{expected:X8}: this is not a UF2 block";
                    problemOffset = offset + field;
                    return null;
                }
            }

            var flags = (Uf2Flags)ReadUInt32(file, offset + 8);
            uint address = ReadUInt32(file, offset + 12);
            uint payloadSize = ReadUInt32(file, offset + 16);
            if (payloadSize > DataCapacity || payloadSize % 4 != 0)
            {
                problem = $"payloadSize is {payloadSize}; it must be a multiple of 4 no larger than {DataCapacity}";
                problemOffset = offset + 16;
                return null;
            }

            var data = new byte[DataCapacity];
            Array.Copy(file, offset + DataOffset, data, 0, DataCapacity);
            var header = new Uf2BlockHeader
            {
                Flags = flags,
                TargetAddress = address,
                BlockNumber = ReadUInt32(file, offset + 20),
                BlockCount = ReadUInt32(file, offset + 24),
                FamilyIdOrFileSize = ReadUInt32(file, offset + 28),
            };
            var block = new Uf2Block(header, data, (int)payloadSize);
            if (block.HasFlag(Uf2Flags.ExtensionTagsPresent) && !block.ReadTags(out problem))
            {
                problemOffset = offset + DataOffset + (int)payloadSize;
                return null;
            }

            return block;
        }

        /// <summary>
        /// The 512 bytes of a block: <paramref name="header"/>, then <paramref name="payload"/> (a multiple of 4, at most 476 bytes
        /// with <paramref name="tags"/>), the tags, zeros and the end magic.
        /// </summary>
        public static byte[] Encode(Uf2BlockHeader header, byte[] payload, byte[]? tags = null)
        {
            if (header is null)
            {
                throw new ArgumentNullException(nameof(header));
            }

            if (payload is null)
            {
                throw new ArgumentNullException(nameof(payload));
            }

            int tagLength = tags?.Length ?? 0;
            if (payload.Length > DataCapacity || payload.Length % 4 != 0 || payload.Length + tagLength > DataCapacity)
            {
                throw new ArgumentException($"A UF2 payload is a multiple of 4 bytes, at most {DataCapacity} with its tags; got {payload.Length} + {tagLength}.", nameof(payload));
            }

            var block = new byte[Size];
            WriteUInt32(block, 0, MagicStart0);
            WriteUInt32(block, 4, MagicStart1);
            WriteUInt32(block, 8, (uint)header.Flags);
            WriteUInt32(block, 12, header.TargetAddress);
            WriteUInt32(block, 16, (uint)payload.Length);
            WriteUInt32(block, 20, header.BlockNumber);
            WriteUInt32(block, 24, header.BlockCount);
            WriteUInt32(block, 28, header.FamilyIdOrFileSize);
            Array.Copy(payload, 0, block, DataOffset, payload.Length);
            if (tags != null)
            {
                Array.Copy(tags, 0, block, DataOffset + payload.Length, tags.Length);
            }

            WriteUInt32(block, MagicEndOffset, MagicEnd);
            return block;
        }

        /// <summary>picotool's RP2350-E10 block, byte for byte: flags 0xA000, 0x10FFFF00, block 0 of 2, RP2XXX_ABSOLUTE, 256 × 0xEF, the ignore tag.</summary>
        public static byte[] EncodeE10Block()
        {
            var payload = new byte[Rp2PageSize];
            for (int i = 0; i < payload.Length; i++)
            {
                payload[i] = E10Fill;
            }

            var tag = new byte[4];
            WriteUInt32(tag, 0, Rp2IgnoreBlockTag);
            var header = new Uf2BlockHeader
            {
                Flags = Uf2Flags.FamilyIdPresent | Uf2Flags.ExtensionTagsPresent,
                TargetAddress = E10Address,
                BlockNumber = 0,
                BlockCount = 2,
                FamilyIdOrFileSize = Uf2Family.Rp2xxxAbsolute,
            };
            return Encode(header, payload, tag);
        }

        internal static uint ReadUInt32(byte[] bytes, int offset) =>
            (uint)(bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) | (bytes[offset + 3] << 24));

        internal static void WriteUInt32(byte[] bytes, int offset, uint value)
        {
            bytes[offset] = (byte)value;
            bytes[offset + 1] = (byte)(value >> 8);
            bytes[offset + 2] = (byte)(value >> 16);
            bytes[offset + 3] = (byte)(value >> 24);
        }

        /// <summary>Walks the extension tags after the payload: byte 0 is the tag's size including its 4-byte header, size 0 ends the list.</summary>
        private bool ReadTags(out string? problem)
        {
            problem = null;
            int position = PayloadSize;
            while (position + 4 <= DataCapacity)
            {
                int size = data[position];
                if (size == 0)
                {
                    return true;
                }

                uint tag = ReadUInt32(data, position);
                if (size < 4 || position + size > DataCapacity)
                {
                    problem = $"extension tag 0x{tag >> 8:X6} declares {size} bytes, which does not fit the block's data area";
                    return false;
                }

                if (tag == Rp2IgnoreBlockTag)
                {
                    HasRp2IgnoreTag = true;
                }

                position += (size + 3) & ~3;
            }

            return true;
        }

        private bool PayloadIsAll(byte value)
        {
            for (int i = 0; i < PayloadSize; i++)
            {
                if (data[i] != value)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
