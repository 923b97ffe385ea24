using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.Serialization.Json;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// Backs up device memory through an opened <see cref="DfuClient"/> (docs/protocols/dfu-dfuse.md §4.3) into a raw file plus a sidecar
    /// <c>&lt;file&gt;.json</c> (address, length, serial, layout, SHA-256, UTC date). By default it reads all the
    /// readable memory of the layout (1 MiB of internal flash on an F405), avoiding dfu-util's 64 KiB and
    /// half-chip traps. Files are written to a temporary name and moved into place, never half-written, and an
    /// existing backup is never overwritten without Force. The device is left in dfuIDLE.
    /// </summary>
    public sealed class DfuSeFlashReader
    {
        private readonly DfuSeClient client;
        private readonly DfuSeMemoryLayout layout;
        private readonly string? deviceSerial;

        public DfuSeFlashReader(DfuSeClient client, DfuSeMemoryLayout layout, string? deviceSerial)
        {
            this.client = client ?? throw new ArgumentNullException(nameof(client));
            this.layout = layout ?? throw new ArgumentNullException(nameof(layout));
            this.deviceSerial = deviceSerial;
        }

        /// <summary>
        /// The range a backup reads: from <paramref name="address"/> (default: the first readable segment) for
        /// <paramref name="length"/> bytes (default: to the end of the contiguous readable memory from there).
        /// Throws <c>DfuRangeNotReadable</c> for a range that leaves readable memory.
        /// </summary>
        public static MemoryRegion ResolveRange(DfuSeMemoryLayout layout, uint? address, long? length)
        {
            if (layout is null)
            {
                throw new ArgumentNullException(nameof(layout));
            }

            uint start = address ?? FirstReadable(layout);
            long readableEnd = start;
            DfuSeMemorySegment? segment;
            while ((segment = layout.FindSegment(readableEnd)) is not null && segment.IsReadable)
            {
                readableEnd = segment.EndAddress;
            }

            long count = length ?? (readableEnd - start);
            if (readableEnd == start)
            {
                throw DfuErrors.RangeNotReadable(start, count, layout.Raw, "the address is not in readable memory");
            }

            if (count <= 0)
            {
                throw DfuErrors.RangeNotReadable(start, count, layout.Raw, "the length must be positive");
            }

            if (start + count > readableEnd)
            {
                throw DfuErrors.RangeNotReadable(start, count, layout.Raw,
                    "the range runs past the readable memory, which ends at 0x" + readableEnd.ToString("X8", CultureInfo.InvariantCulture));
            }

            if (count > int.MaxValue)
            {
                throw DfuErrors.RangeNotReadable(start, count, layout.Raw, "the range is larger than 2 GiB");
            }

            return new MemoryRegion(start, count);
        }

        public DfuSeBackupResult Backup(
            string path,
            DfuSeBackupOptions? options = null,
            IProgress<OperationProgress>? progress = null,
            OperationLog? log = null,
            CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrEmpty(path))
            {
                throw new ArgumentException("A backup file path is required.", nameof(path));
            }

            options ??= new DfuSeBackupOptions();
            string fullPath = Path.GetFullPath(path);
            string sidecarPath = fullPath + ".json";
            if (!options.Force)
            {
                foreach (string existing in new[] { fullPath, sidecarPath })
                {
                    if (File.Exists(existing))
                    {
                        throw CommonErrors.BackupFileExists(existing);
                    }
                }
            }

            MemoryRegion range = ResolveRange(layout, options.Address, options.Length);
            string directory = Path.GetDirectoryName(fullPath) ?? ".";
            Directory.CreateDirectory(directory);

            var elapsed = Stopwatch.StartNew();
            log.Verbose($"Reading {range} from {client.DeviceName} into {fullPath}.");
            byte[] data = client.Upload(
                range.Address,
                (int)range.Length,
                done => progress?.Report(new OperationProgress("Read", done, range.Length, elapsed.Elapsed, client.DeviceName, isFinal: done == range.Length)),
                cancellationToken);

            string sha256 = FileHash.Sha256Of(data);

            DateTime created = DateTime.UtcNow;
            var info = new BackupSidecar
            {
                Address = "0x" + range.Address.ToString("X8", CultureInfo.InvariantCulture),
                Length = range.Length,
                DeviceSerial = deviceSerial,
                Layout = layout.Raw,
                Sha256 = sha256,
                CreatedUtc = created.ToString("o", CultureInfo.InvariantCulture),
            };

            AtomicFile.Write(fullPath, data, options.Force, path => CommonErrors.BackupFileExists(path));
            AtomicFile.Write(sidecarPath, Serialize(info), options.Force, path => CommonErrors.BackupFileExists(path));
            log.Verbose($"Saved {ByteSize.Format(range.Length)} to {fullPath} (SHA-256 {sha256}).");
            return new DfuSeBackupResult(fullPath, sidecarPath, range.Address, range.Length, sha256, deviceSerial, layout.Raw, created, elapsed.Elapsed);
        }

        private static uint FirstReadable(DfuSeMemoryLayout layout)
        {
            foreach (DfuSeMemorySegment segment in layout.Segments)
            {
                if (segment.IsReadable)
                {
                    return segment.StartAddress;
                }
            }

            throw DfuErrors.RangeNotReadable(layout.StartAddress, 0, layout.Raw, "the layout has no readable segment");
        }

        private static byte[] Serialize(BackupSidecar info)
        {
            var serializer = new DataContractJsonSerializer(typeof(BackupSidecar));
            using var stream = new MemoryStream();
            serializer.WriteObject(stream, info);
            return stream.ToArray();
        }
    }
}
