using System.Globalization;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>A named flash range a Pycom script can target (docs/protocols/esp32-rom-loader.md §10.1 table, or the script's own "partitions").</summary>
    public sealed class PycomPartition
    {
        public PycomPartition(string name, uint offset, uint size)
        {
            Name = name;
            Offset = offset;
            Size = size;
        }

        public string Name { get; }

        public uint Offset { get; }

        public uint Size { get; }

        public long End => (long)Offset + Size;

        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} 0x{1:X}+0x{2:X}", Name, Offset, Size);
    }
}
