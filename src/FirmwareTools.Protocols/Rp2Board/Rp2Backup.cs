using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.Serialization.Json;
using System.Threading;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Rp2;

namespace FirmwareTools.Protocols.Rp2Board
{
    /// <summary>
    /// Backup-Rp2Firmware below the cmdlet: READ the whole flash over PICOBOOT to a raw file and the same .json sidecar the
    /// pyboard backup writes (address, length, device serial, layout, SHA-256, UTC date). The board stays in BOOTSEL mode.
    /// </summary>
    public static class Rp2Backup
    {
        public const int ReadChunk = 64 * 1024;

        /// <summary>Reads the flash to <paramref name="destination"/>; an existing file or sidecar is kept unless <see cref="Rp2BackupDestination.Force"/>.</summary>
        public static Rp2BackupResult Run(Rp2Device device, Rp2BackupDestination destination, IProgress<OperationProgress>? progress = null, OperationLog? log = null, CancellationToken cancellationToken = default)
        {
            if (device is null)
            {
                throw new ArgumentNullException(nameof(device));
            }

            if (destination is null)
            {
                throw new ArgumentNullException(nameof(destination));
            }

            bool force = destination.Force;
            string fullPath = Path.GetFullPath(destination.Path);
            string sidecar = fullPath + ".json";
            foreach (string existing in new[] { fullPath, sidecar })
            {
                if (!force && File.Exists(existing))
                {
                    throw CommonErrors.BackupFileExists(existing);
                }
            }

            uint size = Rp2BoardProfile.DefaultFlashSize(device.Chip);
            var clock = Stopwatch.StartNew();
            var flash = new byte[size];
            using (PicobootConnection picoboot = PicobootConnection.Open(device.Usb, device.ToString(), null, log))
            {
                picoboot.ExclusiveAccess(PicobootExclusiveMode.Exclusive);
                picoboot.ExitXip();
                for (int offset = 0; offset < flash.Length; offset += ReadChunk)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    byte[] part = picoboot.Read(Uf2FlashImage.FlashBase + (uint)offset, Math.Min(ReadChunk, flash.Length - offset));
                    Array.Copy(part, 0, flash, offset, part.Length);
                    progress?.Report(new OperationProgress("Read", offset + part.Length, flash.Length, clock.Elapsed, device.ToString(), offset + part.Length == flash.Length));
                }

                picoboot.ExclusiveAccess(PicobootExclusiveMode.NotExclusive);
            }

            string sha256 = FileHash.Sha256Of(flash);

            string created = DateTime.UtcNow.ToString("o", System.Globalization.CultureInfo.InvariantCulture);
            var info = new BackupSidecar
            {
                Address = "0x" + Uf2FlashImage.FlashBase.ToString("X8", System.Globalization.CultureInfo.InvariantCulture),
                Length = flash.Length,
                DeviceSerial = device.SerialNumber,
                Layout = $"{(device.Chip == Rp2Chip.Rp2040 ? "RP2040" : "RP2350")} flash {ByteSize.Format(size)} at 0x10000000",
                Sha256 = sha256,
                CreatedUtc = created,
            };
            // Checked before the board was read too; a file that appeared meanwhile is still kept without -Force.
            AtomicFile.Write(fullPath, flash, overwrite: force, path => CommonErrors.BackupFileExists(path));
            AtomicFile.Write(sidecar, Serialize(info), overwrite: force, path => CommonErrors.BackupFileExists(path));
            return new Rp2BackupResult(fullPath, sidecar, device.ToString(), flash.Length, sha256, clock.Elapsed);
        }

        private static byte[] Serialize(BackupSidecar info)
        {
            using (var stream = new MemoryStream())
            {
                new DataContractJsonSerializer(typeof(BackupSidecar)).WriteObject(stream, info);
                return stream.ToArray();
            }
        }
    }
}
