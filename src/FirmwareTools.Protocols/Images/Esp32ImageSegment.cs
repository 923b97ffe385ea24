namespace FirmwareTools.Protocols.Images
{
    /// <summary>One segment of an ESP32 image: where it loads and how long it is.</summary>
    public sealed class Esp32ImageSegment
    {
        public Esp32ImageSegment(uint loadAddress, uint length, long fileOffset)
        {
            LoadAddress = loadAddress;
            Length = length;
            FileOffset = fileOffset;
        }

        public uint LoadAddress { get; }

        public uint Length { get; }

        /// <summary>Where the segment's data starts in the file.</summary>
        public long FileOffset { get; }
    }
}
