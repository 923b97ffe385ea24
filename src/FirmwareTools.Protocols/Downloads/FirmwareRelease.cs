using System;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>One downloadable firmware file a source offers (what <c>Save-Firmware -ListAvailable</c> lists).</summary>
    public sealed class FirmwareRelease
    {
        public FirmwareRelease(string board, string? variant, string version, DateTime? date, bool isPreview, Uri uri, string fileName, FirmwareSource source, string? pycomHash = null)
        {
            Board = board;
            Variant = variant;
            Version = version;
            Date = date;
            IsPreview = isPreview;
            Uri = uri;
            FileName = fileName;
            Source = source;
            PycomHash = pycomHash;
        }

        public string Board { get; }

        /// <summary>SPIRAM, THREAD, ...; null for the board's standard build.</summary>
        public string? Variant { get; }

        public string Version { get; }

        /// <summary>The build date from the file name, where the source gives one.</summary>
        public DateTime? Date { get; }

        public bool IsPreview { get; }

        public Uri Uri { get; }

        public string FileName { get; }

        public FirmwareSource Source { get; }

        /// <summary>The 40-hex-digit <c>hash</c> Pycom's service sends; what it is the hash of is not established.</summary>
        public string? PycomHash { get; }

        /// <summary>File extension without the dot (dfu, bin, uf2, tar.gz).</summary>
        public string Extension
        {
            get
            {
                if (FileName.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase))
                {
                    return "tar.gz";
                }

                int dot = FileName.LastIndexOf('.');
                return dot < 0 ? string.Empty : FileName.Substring(dot + 1).ToLowerInvariant();
            }
        }

        /// <summary>The parsed version (<see cref="FirmwareVersion"/> or <see cref="PycomVersion"/>) for matching -Version.</summary>
        internal object? ParsedVersion { get; init; }

        public override string ToString() => FileName;
    }
}
