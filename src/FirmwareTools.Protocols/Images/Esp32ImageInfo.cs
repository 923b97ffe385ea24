using System.Collections.Generic;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>What Get-FirmwareInfo shows for an ESP32 image (an esptool image_info view).</summary>
    public sealed class Esp32ImageInfo
    {
        /// <summary>The chip the image is built for ("ESP32"), or "chip id N" when unknown.</summary>
        public string Chip { get; init; } = string.Empty;

        public int ChipId { get; init; }

        public uint EntryPoint { get; init; }

        /// <summary>Segment count from the header (1 to 16 in a valid image).</summary>
        public int SegmentCount { get; init; }

        /// <summary>The segments; empty when the image could not be read that far.</summary>
        public IReadOnlyList<Esp32SegmentInfo> Segments { get; init; } = new Esp32SegmentInfo[0];

        /// <summary>qio, qout, dio, dout.</summary>
        public string FlashMode { get; init; } = string.Empty;

        /// <summary>40m, 26m, 20m, 80m.</summary>
        public string FlashFrequency { get; init; } = string.Empty;

        /// <summary>1MB ... 16MB.</summary>
        public string FlashSize { get; init; } = string.Empty;

        /// <summary>Header bytes 2-3 as esptool prints them (0x022F = dio, 4MB, 80m).</summary>
        public ushort FlashParameters { get; init; }

        /// <summary>Revision range: min major.minor and max (null when the image sets no maximum).</summary>
        public string? MinRevision { get; init; }

        public string? MaxRevision { get; init; }

        public bool HashAppended { get; init; }

        /// <summary>"valid" (checksum and appended SHA-256 match), "valid, no SHA-256 appended", or what is wrong.</summary>
        public string Verdict { get; init; } = string.Empty;

        /// <summary>Bytes of the image from its magic through the checksum and digest; null when it could not be read.</summary>
        public long? ImageLength { get; init; }

        /// <summary>Bytes after the image: a MicroPython merged .bin carries the partition table and app there.</summary>
        public long? TrailingLength { get; init; }

        public override string ToString() => $"{Chip} image, {SegmentCount} segments, {FlashMode}/{FlashFrequency}/{FlashSize}: {Verdict}";
    }
}
