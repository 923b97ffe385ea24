using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>
    /// Streams a file to a temporary name beside its destination while hashing it, checks length and hash,
    /// then moves it into place in one step, so the destination is either absent, the old file, or the
    /// complete verified new file; never a partial one.
    /// </summary>
    public sealed class FirmwareDownloader
    {
        public const string ProgressPhase = "Download";
        private readonly FirmwareHttp http;

        public FirmwareDownloader(FirmwareHttp http) => this.http = http;

        public async Task<FirmwareDownloadResult> DownloadAsync(FirmwareDownloadRequest request, OperationLog? log, IProgress<OperationProgress>? progress, CancellationToken cancellationToken)
        {
            http.CheckScheme(request.Uri, request.AllowHttp);
            string? expected = null;
            if (request.ExpectedSha256 != null)
            {
                expected = FileHash.NormalizeSha256(request.ExpectedSha256) ?? throw new FirmwareInvalidArgumentException(
                    $"'{request.ExpectedSha256}' is not a SHA-256 hash (64 hex digits).", request.Uri.ToString(), "Give the SHA-256 as 64 hex digits, as Get-FileHash or sha256sum print it.");
            }

            string folder = PrepareFolder(request.DestinationFolder);

            string? knownName = request.FileName is null ? null : SafeFileName(request.FileName);
            if (knownName != null && expected != null)
            {
                string existing = Path.Combine(folder, knownName);
                if (File.Exists(existing))
                {
                    string existingHash = FileHash.Sha256Of(existing);
                    if (existingHash == expected)
                    {
                        log.Verbose($"{existing} already exists with SHA-256 {existingHash}; reusing it without downloading.");
                        return new FirmwareDownloadResult(existing, new FileInfo(existing).Length, existingHash, null, request.Uri, downloaded: false, replaced: false);
                    }

                    if (!request.Force)
                    {
                        throw FileExists(existing, existingHash, expected);
                    }
                }
            }

            string temp = AtomicFile.TemporaryPathIn(folder);
            try
            {
                Streamed streamed = await http.SendAsync(request.Uri, request.AllowHttp, log, (response, attempt, token) => StreamToAsync(response, temp, request, knownName, progress, log, token), cancellationToken).ConfigureAwait(false);
                if (expected != null && streamed.Sha256 != expected)
                {
                    throw DownloadErrors.HashMismatch(
                        $"The file from {request.Uri} has SHA-256 {streamed.Sha256}, not the expected {expected}; it was deleted.",
                        request.Uri.ToString(),
                        "Check the expected hash; if it is right, the download was corrupted or tampered with on the way.");
                }

                string destination = Path.Combine(folder, streamed.FileName);
                bool replaced = false;
                if (File.Exists(destination))
                {
                    string existingHash = FileHash.Sha256Of(destination);
                    if (existingHash == streamed.Sha256)
                    {
                        log.Verbose($"{destination} already holds the same bytes (SHA-256 {existingHash}); keeping it.");
                        return new FirmwareDownloadResult(destination, streamed.Length, streamed.Sha256, streamed.Sha1, streamed.FinalUri, downloaded: false, replaced: false);
                    }

                    if (!request.Force)
                    {
                        throw FileExists(destination, existingHash, streamed.Sha256);
                    }

                    AtomicFile.Commit(temp, destination);
                    replaced = true;
                    log.Verbose($"Replaced {destination} (was SHA-256 {existingHash}).");
                }
                else
                {
                    AtomicFile.Commit(temp, destination);
                }

                log.Verbose($"Saved {destination}: {ByteSize.Format(streamed.Length)}, SHA-256 {streamed.Sha256}.");
                return new FirmwareDownloadResult(destination, streamed.Length, streamed.Sha256, streamed.Sha1, streamed.FinalUri, downloaded: true, replaced: replaced);
            }
            finally
            {
                AtomicFile.TryDelete(temp);
            }
        }

        private async Task<Streamed> StreamToAsync(HttpResponseMessage response, string temp, FirmwareDownloadRequest request, string? knownName, IProgress<OperationProgress>? progress, OperationLog? log, CancellationToken cancellationToken)
        {
            Uri final = response.RequestMessage?.RequestUri ?? request.Uri;
            string fileName = knownName ?? NameFromResponse(response, final);
            long total = response.Content.Headers.ContentLength ?? -1;
            FirmwareHttp.CheckAnnouncedLength(final, response, http.Options.MaxDownloadLength);
            log.Verbose($"Downloading {final} to {fileName}" + (total >= 0 ? $" ({ByteSize.Format(total)})." : "."));

            var clock = Stopwatch.StartNew();
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using IncrementalHash? sha1 = request.ComputeSha1 ? IncrementalHash.CreateHash(HashAlgorithmName.SHA1) : null;
            long received = 0;
            long lastReported = 0;
            int granularity = Math.Max(1, http.Options.ProgressGranularity);
            progress?.Report(new OperationProgress(ProgressPhase, 0, total, clock.Elapsed, fileName));

            using (Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            using (FileStream file = OnDisk(temp, () => new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true)))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await http.ReadAsync(body, buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await OnDiskAsync(temp, () => file.WriteAsync(buffer, 0, read, cancellationToken)).ConfigureAwait(false);
                    sha256.AppendData(buffer, 0, read);
                    sha1?.AppendData(buffer, 0, read);
                    received += read;
                    FirmwareHttp.CheckReceivedLength(final, received, http.Options.MaxDownloadLength);
                    if (received - lastReported >= granularity)
                    {
                        lastReported = received;
                        progress?.Report(new OperationProgress(ProgressPhase, received, total, clock.Elapsed, fileName));
                    }
                }

                await OnDiskAsync(temp, () => file.FlushAsync(cancellationToken)).ConfigureAwait(false);

                // On the disk before the rename, so a power cut never leaves the final name on a file with no data.
                OnDisk(temp, () =>
                {
                    file.Flush(flushToDisk: true);
                    return true;
                });
            }

            FirmwareHttp.CheckLength(response, received);
            progress?.Report(new OperationProgress(ProgressPhase, received, total < 0 ? received : total, clock.Elapsed, fileName, isFinal: true));
            return new Streamed(fileName, received, Hex.Lower(sha256.GetHashAndReset()), sha1 is null ? null : Hex.Lower(sha1.GetHashAndReset()), final);
        }

        private static string PrepareFolder(string destination)
        {
            string folder;
            try
            {
                folder = Path.GetFullPath(destination);
                if (File.Exists(folder))
                {
                    throw DownloadErrors.FileWriteFailed($"{folder} is a file; the destination must be a folder.", folder, "Give the folder to save into as -DestinationPath; the file name comes from the source.");
                }

                Directory.CreateDirectory(folder);
                return folder;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                throw DownloadErrors.FileWriteFailed($"Cannot use '{destination}' as the destination folder: {ex.Message}", destination, "Give a folder you can write to as -DestinationPath.", ex);
            }
        }

        /// <summary>
        /// Disk failures must not look like network failures: those are retried, a full disk or a read-only
        /// folder is not going to change between attempts.
        /// </summary>
        private static T OnDisk<T>(string path, Func<T> action)
        {
            try
            {
                return action();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw WriteFailed(path, ex);
            }
        }

        private static async Task OnDiskAsync(string path, Func<Task> action)
        {
            try
            {
                await action().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw WriteFailed(path, ex);
            }
        }

        private static FirmwareError WriteFailed(string path, Exception ex) => DownloadErrors.FileWriteFailed(
            $"Writing {path} failed: {ex.Message}", Path.GetDirectoryName(path), "Check that the folder is writable and the disk has room, or choose another -DestinationPath.", ex);

        private static string NameFromResponse(HttpResponseMessage response, Uri final)
        {
            string? disposition = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName;
            if (!string.IsNullOrWhiteSpace(disposition))
            {
                return SafeFileName(disposition!.Trim('"'));
            }

            string last = Uri.UnescapeDataString(final.Segments.Length > 0 ? final.Segments[final.Segments.Length - 1] : string.Empty).Trim('/');
            return last.Length > 0 ? SafeFileName(last) : "firmware.bin";
        }

        /// <summary>A name from the network must not climb out of the destination folder or carry characters the file system rejects.</summary>
        internal static string SafeFileName(string name)
        {
            string leaf = name.Replace('\\', '/');
            leaf = leaf.Substring(leaf.LastIndexOf('/') + 1);
            foreach (char bad in Path.GetInvalidFileNameChars())
            {
                leaf = leaf.Replace(bad, '_');
            }

            leaf = leaf.Trim().TrimStart('.');
            return leaf.Length == 0 ? "firmware.bin" : leaf;
        }

        private static FirmwareError FileExists(string path, string existingHash, string newHash) => DownloadErrors.FileExists(
            $"{path} already exists with different content (SHA-256 {existingHash}, the download is {newHash}); it was left as it is.",
            path,
            "Add -Force to replace it, or choose another -DestinationPath.");

        private sealed class Streamed
        {
            public Streamed(string fileName, long length, string sha256, string? sha1, Uri finalUri)
            {
                FileName = fileName;
                Length = length;
                Sha256 = sha256;
                Sha1 = sha1;
                FinalUri = finalUri;
            }

            public string FileName { get; }

            public long Length { get; }

            public string Sha256 { get; }

            public string? Sha1 { get; }

            public Uri FinalUri { get; }
        }
    }
}
