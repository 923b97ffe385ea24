using System;
using System.Globalization;
using ICSharpCode.SharpZipLib.Checksum;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// The 16-byte suffix that ends every DFU file (DFU 1.1 appendix B; docs/protocols/dfu-dfuse.md §5.1): bcdDevice, idProduct, idVendor,
    /// bcdDFU, the signature "UFD", bLength and dwCRC, all little-endian.
    /// </summary>
    public sealed class DfuSuffix
    {
        /// <summary>bLength of a standard suffix; dfu-util accepts longer ones and treats the extra bytes as suffix.</summary>
        public const int SuffixLength = 16;

        /// <summary>bcdDFU of a plain DFU file.</summary>
        public const ushort BcdDfuPlain = 0x0100;

        /// <summary>bcdDFU of a DfuSe file (ST's "1.1a"): the file starts with a DfuSe prefix.</summary>
        public const ushort BcdDfuDfuSe = 0x011A;

        /// <summary>Wildcard for bcdDevice, idProduct and idVendor: matches any device.</summary>
        public const ushort Wildcard = 0xFFFF;

        // Field offsets inside the suffix.
        private const int bcdDeviceOffset = 0;
        private const int idProductOffset = 2;
        private const int idVendorOffset = 4;
        private const int bcdDFUOffset = 6;
        private const int ucDfuSignatureOffset = 8;
        private const int bLengthOffset = 11;
        private const int dwCRCOffset = 12;

        public DfuSuffix(ushort bcdDevice, ushort productId, ushort vendorId, ushort bcdDfu, byte length = SuffixLength, uint crc = 0)
        {
            BcdDevice = bcdDevice;
            ProductId = productId;
            VendorId = vendorId;
            BcdDfu = bcdDfu;
            Length = length;
            Crc = crc;
        }

        /// <summary>bcdDevice: the firmware's version; 0xFFFF matches any.</summary>
        public ushort BcdDevice { get; }

        /// <summary>idProduct; 0xFFFF matches any.</summary>
        public ushort ProductId { get; }

        /// <summary>idVendor; 0xFFFF matches any.</summary>
        public ushort VendorId { get; }

        /// <summary>bcdDFU: 0x0100 plain DFU, 0x011A DfuSe.</summary>
        public ushort BcdDfu { get; }

        /// <summary>bLength: 16 for every writer we know.</summary>
        public byte Length { get; }

        /// <summary>dwCRC as stored (or to be stored): see <see cref="ComputeCrc(byte[], int, int)"/>.</summary>
        public uint Crc { get; }

        public bool IsDfuSe => BcdDfu == BcdDfuDfuSe;

        /// <summary>The "UFD" signature, in file order.</summary>
        internal static bool HasSignatureAt(byte[] file, int suffixStart) =>
            file[suffixStart + ucDfuSignatureOffset] == (byte)'U' &&
            file[suffixStart + ucDfuSignatureOffset + 1] == (byte)'F' &&
            file[suffixStart + ucDfuSignatureOffset + 2] == (byte)'D';

        /// <summary>
        /// Reads the suffix from the last 16 bytes of <paramref name="file"/> when they carry the "UFD" signature; the
        /// CRC is not checked here (<see cref="ComputeCrc(byte[], int, int)"/> does that).
        /// </summary>
        public static bool TryParse(byte[] file, out DfuSuffix? suffix)
        {
            if (file is null)
            {
                throw new ArgumentNullException(nameof(file));
            }

            suffix = null;
            if (file.Length < SuffixLength)
            {
                return false;
            }

            int start = file.Length - SuffixLength;
            if (!HasSignatureAt(file, start))
            {
                return false;
            }

            suffix = new DfuSuffix(
                LittleEndian.ReadUInt16(file, start + bcdDeviceOffset),
                LittleEndian.ReadUInt16(file, start + idProductOffset),
                LittleEndian.ReadUInt16(file, start + idVendorOffset),
                LittleEndian.ReadUInt16(file, start + bcdDFUOffset),
                file[start + bLengthOffset],
                LittleEndian.ReadUInt32(file, start + dwCRCOffset));
            return true;
        }

        /// <summary>The 16 suffix bytes, with <see cref="Crc"/> as dwCRC.</summary>
        public byte[] ToBytes()
        {
            var bytes = new byte[SuffixLength];
            LittleEndian.WriteUInt16(bytes, bcdDeviceOffset, BcdDevice);
            LittleEndian.WriteUInt16(bytes, idProductOffset, ProductId);
            LittleEndian.WriteUInt16(bytes, idVendorOffset, VendorId);
            LittleEndian.WriteUInt16(bytes, bcdDFUOffset, BcdDfu);
            bytes[ucDfuSignatureOffset] = (byte)'U';
            bytes[ucDfuSignatureOffset + 1] = (byte)'F';
            bytes[ucDfuSignatureOffset + 2] = (byte)'D';
            bytes[bLengthOffset] = Length;
            LittleEndian.WriteUInt32(bytes, dwCRCOffset, Crc);
            return bytes;
        }

        /// <summary>
        /// The DFU suffix CRC of <paramref name="count"/> bytes: reflected CRC-32 (poly 0xEDB88320, init 0xFFFFFFFF)
        /// without the final XOR, i.e. the bitwise NOT of the zlib CRC-32. "123456789" gives 0x340BC6D9.
        /// </summary>
        public static uint ComputeCrc(byte[] data, int offset, int count)
        {
            var crc = new Crc32();
            crc.Update(new ArraySegment<byte>(data, offset, count));
            return ~(uint)crc.Value;
        }

        public static uint ComputeCrc(byte[] data) => ComputeCrc(data ?? throw new ArgumentNullException(nameof(data)), 0, data.Length);

        /// <summary><paramref name="body"/> followed by this suffix, with dwCRC computed over the body and the first 12 suffix bytes.</summary>
        public byte[] AppendTo(byte[] body)
        {
            if (body is null)
            {
                throw new ArgumentNullException(nameof(body));
            }

            if (Length != SuffixLength)
            {
                throw new InvalidOperationException("Only the standard 16-byte suffix is written.");
            }

            var file = new byte[body.Length + SuffixLength];
            Buffer.BlockCopy(body, 0, file, 0, body.Length);
            Buffer.BlockCopy(ToBytes(), 0, file, body.Length, SuffixLength);
            uint crc = ComputeCrc(file, 0, file.Length - 4);
            LittleEndian.WriteUInt32(file, file.Length - 4, crc);
            return file;
        }

        public override string ToString() => string.Format(
            CultureInfo.InvariantCulture, "{0:x4}:{1:x4} bcdDevice 0x{2:X4} bcdDFU 0x{3:X4} CRC 0x{4:X8}", VendorId, ProductId, BcdDevice, BcdDfu, Crc);
    }
}
