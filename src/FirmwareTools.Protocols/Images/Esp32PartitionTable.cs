using System.IO;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>The ESP-IDF partition table (docs/protocols/esp32-rom-loader.md §7): 32-byte entries starting with the magic bytes AA 50 (0x50AA little-endian).</summary>
    public static class Esp32PartitionTable
    {
        public const ushort EntryMagic = 0x50AA;

        public const int EntryLength = 32;

        /// <summary>True when the stream starts with a partition entry's magic.</summary>
        public static bool HasMagic(Stream stream)
        {
            int first = stream.ReadByte();
            int second = stream.ReadByte();
            return first == (EntryMagic & 0xFF) && second == EntryMagic >> 8;
        }
    }
}
