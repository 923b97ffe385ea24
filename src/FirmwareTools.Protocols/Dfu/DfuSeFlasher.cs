using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// Flashes a planned job through an opened <see cref="DfuClient"/> (brief §4.9 "Flash .dfu"): erase each planned
    /// sector once (sectors outside the job, such as a pyboard's filesystem, are never touched), write every
    /// region, optionally read everything back, then leave DFU mode unless told not to. Reports the phases
    /// "Erase", "Write" and "Verify" in bytes. A result exists only when all of it succeeded.
    /// </summary>
    public sealed class DfuSeFlasher
    {
        private readonly DfuClient client;

        public DfuSeFlasher(DfuClient client)
        {
            this.client = client ?? throw new ArgumentNullException(nameof(client));
        }

        public DfuSeFlashResult Flash(
            DfuSeFlashJob job,
            DfuSeFlashOptions? options = null,
            IProgress<OperationProgress>? progress = null,
            OperationLog? log = null,
            CancellationToken cancellationToken = default)
        {
            if (job is null)
            {
                throw new ArgumentNullException(nameof(job));
            }

            options ??= new DfuSeFlashOptions();
            var total = Stopwatch.StartNew();
            string device = client.DeviceName;

            Erase(job, progress, log, cancellationToken);
            Write(job, progress, log, cancellationToken);

            bool verified = false;
            if (options.Verify)
            {
                Verify(job, progress, log, cancellationToken);
                verified = true;
            }

            bool left = false;
            if (options.NoReset)
            {
                // Writes end in dfuDNLOAD-IDLE; leave the device where the next session expects it.
                client.AbortToIdle();
                log.Verbose($"{device} stays in DFU mode (NoReset).");
            }
            else
            {
                ThrowIfCancelled(cancellationToken, "Leave", log);
                left = client.Leave(options.LeaveAddress);
            }

            return new DfuSeFlashResult(
                device,
                job.Regions.Select(r => new DfuSeAddressRange(r.Address, r.Length)).ToList().AsReadOnly(),
                job.TotalWriteLength,
                job.SectorsToErase,
                job.MassErase,
                verified,
                left,
                total.Elapsed);
        }

        private void Erase(DfuSeFlashJob job, IProgress<OperationProgress>? progress, OperationLog? log, CancellationToken cancellationToken)
        {
            var phase = Stopwatch.StartNew();
            if (job.MassErase)
            {
                ThrowIfCancelled(cancellationToken, "Erase", log);
                progress?.Report(new OperationProgress("Erase", 0, 1, phase.Elapsed, client.DeviceName));
                client.MassErase();
                progress?.Report(new OperationProgress("Erase", 1, 1, phase.Elapsed, client.DeviceName, isFinal: true));
                return;
            }

            long totalBytes = job.TotalEraseLength;
            long done = 0;
            foreach (DfuSeAddressRange sector in job.SectorsToErase)
            {
                ThrowIfCancelled(cancellationToken, "Erase", log);
                log.Verbose($"Erasing sector {sector}.");
                client.EraseSector(sector.Address, sector.Length);
                done += sector.Length;
                progress?.Report(new OperationProgress("Erase", done, totalBytes, phase.Elapsed, client.DeviceName, isFinal: done == totalBytes));
            }
        }

        private void Write(DfuSeFlashJob job, IProgress<OperationProgress>? progress, OperationLog? log, CancellationToken cancellationToken)
        {
            var phase = Stopwatch.StartNew();
            long totalBytes = job.TotalWriteLength;
            long before = 0;
            foreach (DfuSeElement region in job.Regions)
            {
                ThrowIfCancelled(cancellationToken, "Write", log);
                log.Verbose($"Writing {region}.");
                long regionStart = before;
                client.Download(
                    region.Address,
                    region.Data,
                    0,
                    region.Data.Length,
                    done => progress?.Report(new OperationProgress("Write", regionStart + done, totalBytes, phase.Elapsed, client.DeviceName, isFinal: regionStart + done == totalBytes)),
                    cancellationToken);
                before += region.Length;
            }
        }

        private void Verify(DfuSeFlashJob job, IProgress<OperationProgress>? progress, OperationLog? log, CancellationToken cancellationToken)
        {
            var phase = Stopwatch.StartNew();
            long totalBytes = job.TotalWriteLength;
            long before = 0;
            foreach (DfuSeElement region in job.Regions)
            {
                ThrowIfCancelled(cancellationToken, "Verify", log);
                log.Verbose($"Verifying {region}.");
                long regionStart = before;
                byte[] read = client.Upload(
                    region.Address,
                    region.Data.Length,
                    done => progress?.Report(new OperationProgress("Verify", regionStart + done, totalBytes, phase.Elapsed, client.DeviceName, isFinal: regionStart + done == totalBytes)),
                    cancellationToken);
                for (int i = 0; i < read.Length; i++)
                {
                    if (read[i] != region.Data[i])
                    {
                        throw new DfuSeVerifyException((uint)(region.Address + i), region.Data[i], read[i], client.DeviceName);
                    }
                }

                before += region.Length;
            }
        }

        /// <summary>Between steps the device is idle or in dfuDNLOAD-IDLE; bring it to dfuIDLE before giving up.</summary>
        private void ThrowIfCancelled(CancellationToken cancellationToken, string phase, OperationLog? log)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                return;
            }

            log.Verbose($"{phase} cancelled; leaving {client.DeviceName} idle.");
            try
            {
                client.Normalise();
            }
            catch (FirmwareToolsException e)
            {
                log.Warning($"Could not return {client.DeviceName} to dfuIDLE after cancelling: {e.Message}");
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
