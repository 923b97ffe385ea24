using System;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>A file that is in place and whose hash is known.</summary>
    public sealed class FirmwareDownloadResult
    {
        public FirmwareDownloadResult(string path, long length, string sha256, string? sha1, Uri finalUri, bool downloaded, bool replaced)
        {
            Path = path;
            Length = length;
            Sha256 = sha256;
            Sha1 = sha1;
            FinalUri = finalUri;
            Downloaded = downloaded;
            Replaced = replaced;
        }

        public string Path { get; }

        public long Length { get; }

        /// <summary>Lower-case hex.</summary>
        public string Sha256 { get; }

        /// <summary>Lower-case hex, when asked for and the file was downloaded.</summary>
        public string? Sha1 { get; }

        /// <summary>The link after redirects (the request link when the file was reused).</summary>
        public Uri FinalUri { get; }

        /// <summary>False when an identical existing file was kept and nothing was written.</summary>
        public bool Downloaded { get; }

        /// <summary>True when a different existing file was overwritten (-Force).</summary>
        public bool Replaced { get; }
    }
}
