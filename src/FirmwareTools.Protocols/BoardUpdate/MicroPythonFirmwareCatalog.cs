using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Protocols.MicroPython;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>
    /// micropython.org (or a mirror with its layout) as Update-Firmware's catalog. Each board page is read once per run
    /// however many boards share it, and each file is downloaded once. A cached file is reused only when the SHA-256
    /// recorded beside it (<c>NAME.sha256</c>, written after a complete download) still matches its bytes.
    /// </summary>
    public sealed class MicroPythonFirmwareCatalog : IFirmwareCatalog
    {
        /// <summary>The file beside a cached firmware file that holds its SHA-256, as sha256sum prints it.</summary>
        public const string HashSuffix = ".sha256";

        private readonly FirmwareHttp http;
        private readonly MicroPythonFirmwareSource source;
        private readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<FirmwareRelease>>> pages = new ConcurrentDictionary<string, Lazy<IReadOnlyList<FirmwareRelease>>>(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, object> fileLocks = new ConcurrentDictionary<string, object>(StringComparer.OrdinalIgnoreCase);

        public MicroPythonFirmwareCatalog(FirmwareHttp http, Uri? siteRoot = null)
        {
            this.http = http ?? throw new ArgumentNullException(nameof(http));
            source = new MicroPythonFirmwareSource(http, siteRoot);
        }

        public FirmwareRelease Select(BoardIdentity board, string version, OperationLog? log, CancellationToken cancellationToken)
        {
            if (board is null)
            {
                throw new ArgumentNullException(nameof(board));
            }

            bool preview = string.Equals(version?.Trim(), "preview", StringComparison.OrdinalIgnoreCase);
            IReadOnlyList<FirmwareRelease> releases = pages
                .GetOrAdd(board.Board, b => new Lazy<IReadOnlyList<FirmwareRelease>>(() => Wait(source.GetReleasesAsync(b, log, cancellationToken))))
                .Value;
            var query = new FirmwareQuery(board.Board)
            {
                Variant = board.Variant,
                Version = preview ? null : version,
                IncludePreview = preview,
            };
            return FirmwareSelector.Select(releases, query, source.BoardPage(board.Board), log);
        }

        public string Fetch(FirmwareRelease release, string cacheFolder, OperationLog? log, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
        {
            if (release is null)
            {
                throw new ArgumentNullException(nameof(release));
            }

            string path = Path.Combine(cacheFolder, release.FileName);
            lock (fileLocks.GetOrAdd(path, _ => new object()))
            {
                string hashFile = path + HashSuffix;
                if (File.Exists(path) && File.Exists(hashFile))
                {
                    string recorded = File.ReadAllText(hashFile).Split(' ')[0].Trim();
                    string actual = FileHash.Sha256Of(path);
                    if (string.Equals(recorded, actual, StringComparison.OrdinalIgnoreCase))
                    {
                        log.Verbose($"{path} is in the cache with the SHA-256 recorded when it was downloaded ({actual}); reusing it.");
                        return path;
                    }

                    log.Warning($"{path} no longer has the SHA-256 recorded when it was downloaded ({recorded}, now {actual}); downloading it again.");
                }

                var request = new FirmwareDownloadRequest(release.Uri, cacheFolder, release.FileName) { Force = true };
                FirmwareDownloadResult result = Wait(new FirmwareDownloader(http).DownloadAsync(request, log, progress, cancellationToken));
                AtomicFile.Write(hashFile, System.Text.Encoding.ASCII.GetBytes(result.Sha256 + "  " + release.FileName + "\n"), overwrite: true, exists: p => new IOException(p));
                return result.Path;
            }
        }

        private static T Wait<T>(Task<T> task) => task.ConfigureAwait(false).GetAwaiter().GetResult();
    }
}
