using System;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>What to fetch and where to put it.</summary>
    public sealed class FirmwareDownloadRequest
    {
        public FirmwareDownloadRequest(Uri uri, string destinationFolder, string? fileName = null)
        {
            Uri = uri;
            DestinationFolder = destinationFolder;
            FileName = fileName;
        }

        public Uri Uri { get; }

        /// <summary>A full file-system path; created when missing.</summary>
        public string DestinationFolder { get; }

        /// <summary>The file name to save as; null takes it from Content-Disposition or the final link after redirects.</summary>
        public string? FileName { get; }

        /// <summary>SHA-256 (64 hex digits) the file must have; checked before the file takes its final name.</summary>
        public string? ExpectedSha256 { get; init; }

        /// <summary>Replace a different existing file instead of refusing.</summary>
        public bool Force { get; init; }

        /// <summary>Accept an http:// link (and http redirects) for this download.</summary>
        public bool AllowHttp { get; init; }

        /// <summary>Also compute SHA-1 while streaming (to compare with a source's SHA-1-sized hash).</summary>
        public bool ComputeSha1 { get; init; }
    }
}
