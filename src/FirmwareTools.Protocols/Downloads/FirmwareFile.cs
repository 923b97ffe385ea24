using System;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>
    /// A firmware file on disk, verified. <see cref="Path"/> lets it bind by property name to the
    /// installers (<c>Save-Firmware | Install-PyboardFirmware</c>).
    /// </summary>
    public sealed class FirmwareFile
    {
        public FirmwareFile(string path, string? board, string? variant, string? version, FirmwareSource source, long length, string sha256, Uri uri, DateTime? date = null, string? pycomHash = null, bool downloaded = true)
        {
            Path = path;
            Board = board;
            Variant = variant;
            Version = version;
            Source = source;
            Length = length;
            Sha256 = sha256;
            Uri = uri;
            Date = date;
            PycomHash = pycomHash;
            Downloaded = downloaded;
        }

        /// <summary>Full path of the file.</summary>
        public string Path { get; }

        public string? Board { get; }

        public string? Variant { get; }

        public string? Version { get; }

        public FirmwareSource Source { get; }

        public long Length { get; }

        /// <summary>SHA-256 of the file, lower-case hex.</summary>
        public string Sha256 { get; }

        /// <summary>Where the file was downloaded from.</summary>
        public Uri Uri { get; }

        public DateTime? Date { get; }

        /// <summary>Pycom's service <c>hash</c>, reported as sent (not used for verification).</summary>
        public string? PycomHash { get; }

        /// <summary>False when an existing identical file was reused.</summary>
        public bool Downloaded { get; }

        public override string ToString() => Path;
    }
}
