using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>
    /// What Save-Firmware does, without PowerShell: find the release a query names, download it verified
    /// into a folder, and describe the file; or list what a source offers.
    /// </summary>
    public sealed class SaveFirmwareOperation
    {
        private readonly FirmwareHttp http;
        private readonly Dictionary<FirmwareSource, IFirmwareSource> sources = new Dictionary<FirmwareSource, IFirmwareSource>();

        /// <param name="http">The HTTP path (handler, timeouts, retries).</param>
        /// <param name="sources">The sources to use; null means MicroPython and Pycom at their real addresses.</param>
        public SaveFirmwareOperation(FirmwareHttp http, IEnumerable<IFirmwareSource>? sources = null)
        {
            this.http = http;
            foreach (IFirmwareSource source in sources ?? new IFirmwareSource[] { new MicroPythonFirmwareSource(http), new PycomFirmwareSource(http) })
            {
                this.sources[source.Kind] = source;
            }
        }

        /// <summary>The source a board goes to when the user names none: Pycom's own modules to Pycom, everything else to MicroPython.</summary>
        public FirmwareSource DefaultSourceFor(string board) =>
            sources.TryGetValue(FirmwareSource.Pycom, out IFirmwareSource? pycom) && pycom.Knows(board) ? FirmwareSource.Pycom : FirmwareSource.MicroPython;

        /// <summary>What the source offers for the query, newest first: the variant asked for (all variants when none), previews only with IncludePreview (or when there is nothing else), one version when -Version names one.</summary>
        public async Task<IReadOnlyList<FirmwareRelease>> ListAsync(FirmwareQuery query, OperationLog? log, CancellationToken cancellationToken)
        {
            IFirmwareSource source = SourceFor(query);
            IReadOnlyList<FirmwareRelease> releases = await source.GetReleasesAsync(query.Board, log, cancellationToken).ConfigureAwait(false);
            IEnumerable<FirmwareRelease> result = releases;
            if (query.Variant != null)
            {
                FirmwareSelector.Filter(releases, query, variantMustExist: true, null);
                result = result.Where(r => string.Equals(r.Variant, query.Variant.Trim(), StringComparison.OrdinalIgnoreCase));
            }

            if (!FirmwareSelector.IsLatest(query.Version))
            {
                return result.Where(r => FirmwareSelector.Matches(r, query.Version!)).ToList();
            }

            List<FirmwareRelease> list = result.ToList();
            return query.IncludePreview || list.All(r => r.IsPreview) ? list : list.Where(r => !r.IsPreview).ToList();
        }

        public async Task<FirmwareFile> SaveAsync(FirmwareQuery query, string destinationFolder, bool force, string? expectedSha256, OperationLog? log, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
        {
            IFirmwareSource source = SourceFor(query);
            IReadOnlyList<FirmwareRelease> releases = await source.GetReleasesAsync(query.Board, log, cancellationToken).ConfigureAwait(false);
            FirmwareRelease release = FirmwareSelector.Select(releases, query, null, log);
            log.Verbose($"Selected {release.FileName} ({release.Version}{(release.Date is DateTime d ? ", built " + d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : string.Empty)}) from {release.Uri}.");

            bool verifyPycomHash = release.PycomHash != null && PycomFirmwareSource.ServiceHashIsTarballSha1;
            var request = new FirmwareDownloadRequest(release.Uri, destinationFolder, release.FileName)
            {
                ExpectedSha256 = expectedSha256,
                Force = force,
                ComputeSha1 = release.PycomHash != null,
            };
            FirmwareDownloadResult result = await new FirmwareDownloader(http).DownloadAsync(request, log, progress, cancellationToken).ConfigureAwait(false);

            if (release.PycomHash != null && result.Sha1 != null)
            {
                bool same = string.Equals(result.Sha1, release.PycomHash, StringComparison.OrdinalIgnoreCase);
                if (same)
                {
                    log.Verbose($"Pycom's hash {release.PycomHash} equals the SHA-1 of the downloaded tarball.");
                }
                else
                {
                    IReadOnlyList<string> members = PycomHashProbe.MembersWithSha1(result.Path, release.PycomHash);
                    log.Verbose($"Pycom's hash {release.PycomHash} is not the SHA-1 of the downloaded tarball ({result.Sha1})"
                        + (members.Count > 0 ? $"; it is the SHA-1 of the member {string.Join(", ", members)}" : " nor of any file in it")
                        + "; it is not used to verify the download.");
                }
                if (verifyPycomHash && !same)
                {
                    TryDelete(result.Path);
                    throw DownloadErrors.HashMismatch($"The tarball from {release.Uri} has SHA-1 {result.Sha1}, not Pycom's {release.PycomHash}; it was deleted.", release.Uri.ToString(), "Try again; if it keeps failing, the package on the server is damaged.");
                }
            }

            return new FirmwareFile(result.Path, release.Board, release.Variant, release.Version, release.Source, result.Length, result.Sha256, result.FinalUri, release.Date, release.PycomHash, result.Downloaded);
        }

        /// <summary>Downloads a direct link. http needs <paramref name="allowHttp"/>; nothing about board or version is known.</summary>
        public async Task<FirmwareFile> SaveUriAsync(Uri uri, string destinationFolder, bool allowHttp, bool force, string? expectedSha256, OperationLog? log, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
        {
            http.CheckScheme(uri, allowHttp);
            if (uri.Scheme == Uri.UriSchemeHttp && expectedSha256 is null)
            {
                log.Warning($"{uri} is plain http and no -ExpectedHash was given: nothing proves the file was not changed on the way.");
            }

            string leaf = Uri.UnescapeDataString(uri.Segments.Length > 0 ? uri.Segments[uri.Segments.Length - 1] : string.Empty);
            string? fileName = leaf.IndexOf('.') > 0 ? leaf : null;
            var request = new FirmwareDownloadRequest(uri, destinationFolder, fileName) { ExpectedSha256 = expectedSha256, Force = force, AllowHttp = allowHttp };
            FirmwareDownloadResult result = await new FirmwareDownloader(http).DownloadAsync(request, log, progress, cancellationToken).ConfigureAwait(false);
            MicroPythonFirmwareName? name = MicroPythonFirmwareName.TryParse(Path.GetFileName(result.Path));
            return new FirmwareFile(result.Path, null, null, name?.Version.ToString(), FirmwareSource.Uri, result.Length, result.Sha256, result.FinalUri, name?.Date, null, result.Downloaded);
        }

        private IFirmwareSource SourceFor(FirmwareQuery query)
        {
            FirmwareSource kind = query.Source ?? DefaultSourceFor(query.Board);
            if (kind == FirmwareSource.Uri || !sources.TryGetValue(kind, out IFirmwareSource? source))
            {
                throw new FirmwareInvalidArgumentException($"There is no firmware source '{kind}' for a board name.", query.Board, "Use -Source MicroPython or -Source Pycom, or -Uri for a direct link.");
            }

            return source;
        }

        private static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
