using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>A validated region: the file, where it goes, how many bytes go (padded to 4) and their MD5.</summary>
    public sealed class Esp32PlannedRegion
    {
        internal Esp32PlannedRegion(uint offset, string path, long fileLength, Esp32RegionKind kind, Esp32Image? image, string md5, long compressedLength)
        {
            CompressedLength = compressedLength;
            Offset = offset;
            Path = path;
            FileLength = fileLength;
            Kind = kind;
            Image = image;
            Md5 = md5;
        }

        public uint Offset { get; }

        public string Path { get; }

        public long FileLength { get; }

        /// <summary>Bytes written: the file padded with 0xFF to a multiple of 4, as esptool writes it.</summary>
        public long Length => (FileLength + 3) / 4 * 4;

        public long End => Offset + Length;

        public Esp32RegionKind Kind { get; }

        public Esp32Image? Image { get; }

        /// <summary>MD5 of the padded bytes: what SPI_FLASH_MD5 must answer after the write.</summary>
        public string Md5 { get; }

        /// <summary>Length of the zlib stream that will go on the wire (level 9), computed during validation.</summary>
        public long CompressedLength { get; }

        public string Name => System.IO.Path.GetFileName(Path);

        public override string ToString() => $"0x{Offset:X} {Name}";
    }
}
