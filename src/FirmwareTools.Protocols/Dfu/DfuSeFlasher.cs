using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// Carries out a <see cref="DfuSeFlashPlan"/> through an opened <see cref="DfuClient"/> (docs/protocols/dfu-dfuse.md §4.9 "Flash .dfu"):
    /// erase each planned sector once (sectors outside the plan, such as a pyboard's filesystem, are never
    /// touched) or mass-erase when the plan says so, write every region, optionally read everything back, then
    /// leave DFU mode unless told not to. Reports the phases "Erase", "Write" and "Verify" in bytes. A result
    /// exists only when all of it succeeded; any failure or cancellation is an exception.
    /// </summary>
    public sealed class DfuSeFlasher
    {
        private readonly DfuSeClient client;

        public DfuSeFlasher(DfuSeClient client)
        {
            this.client = client ?? throw new ArgumentNullException(nameof(client));
        }

        public DfuSeFlashResult Flash(
            DfuSeFlashPlan plan,
            DfuSeFlashOptions? options = null,
            IProgress<OperationProgress>? progress = null,
            OperationLog? log = null,
            CancellationToken cancellationToken = default)
        {
            if (plan is null)
            {
                throw new ArgumentNullException(nameof(plan));
            }

            options ??= new DfuSeFlashOptions();
            var total = Stopwatch.StartNew();
            int homeAlternateSetting = client.AlternateSetting;
            if (plan.WritesNonErasableMemory)
            {
                log.Warning($"The firmware writes memory that cannot be erased (option bytes or OTP) on {client.DeviceName}; OTP can be written only once.");
            }

            Erase(plan, progress, log, cancellationToken);
            if (!Write(plan, progress, log, cancellationToken))
            {
                return Result(plan, verified: false, left: true, total.Elapsed);
            }

            bool verified = false;
            if (options.Verify)
            {
                Verify(plan, progress, log, cancellationToken);
                verified = true;
            }

            // The leave address lies in internal flash: go back to the alternate setting the client was opened on.
            client.SelectAlternateSetting(homeAlternateSetting);
            bool left = false;
            if (options.NoReset)
            {
                // Writes end in dfuDNLOAD-IDLE; leave the device where the next session expects it.
                client.AbortToIdle();
                log.Verbose($"{client.DeviceName} stays in DFU mode (NoReset).");
            }
            else
            {
                ThrowIfCancelled(cancellationToken, "Leave", log);
                left = client.Leave(options.LeaveAddress);
            }

            return Result(plan, verified, left, total.Elapsed);
        }

        private DfuSeFlashResult Result(DfuSeFlashPlan plan, bool verified, bool left, TimeSpan elapsed) =>
            new DfuSeFlashResult(
                client.DeviceName,
                plan.Writes.Select(r => new MemoryRegion(r.Address, r.Length)).ToList().AsReadOnly(),
                plan.TotalWriteBytes,
                plan.Erases,
                plan.MassErase,
                verified,
                left,
                elapsed);

        private void Erase(DfuSeFlashPlan plan, IProgress<OperationProgress>? progress, OperationLog? log, CancellationToken cancellationToken)
        {
            var phase = Stopwatch.StartNew();
            long totalBytes = plan.TotalEraseBytes;
            if (plan.MassErase)
            {
                progress?.Report(new OperationProgress("Erase", 0, totalBytes, phase.Elapsed, client.DeviceName));
                foreach (byte alternateSetting in plan.MassEraseAlternateSettings)
                {
                    ThrowIfCancelled(cancellationToken, "Erase", log);
                    client.SelectAlternateSetting(alternateSetting);
                    client.MassErase();
                }

                progress?.Report(new OperationProgress("Erase", totalBytes, totalBytes, phase.Elapsed, client.DeviceName, isFinal: true));
                return;
            }

            long done = 0;
            foreach (DfuSeEraseSector sector in plan.Erases)
            {
                ThrowIfCancelled(cancellationToken, "Erase", log);
                client.SelectAlternateSetting(sector.AlternateSetting);
                log.Verbose($"Erasing {sector}.");
                client.EraseSector(sector.Address, sector.Size);
                done += sector.Size;
                progress?.Report(new OperationProgress("Erase", done, totalBytes, phase.Elapsed, client.DeviceName, isFinal: done == totalBytes));
            }
        }

        /// <summary>Writes every region; false when the device reset itself after the final option-byte write, as the ROM does.</summary>
        private bool Write(DfuSeFlashPlan plan, IProgress<OperationProgress>? progress, OperationLog? log, CancellationToken cancellationToken)
        {
            var phase = Stopwatch.StartNew();
            long totalBytes = plan.TotalWriteBytes;
            long before = 0;
            foreach (DfuSeWriteRegion region in plan.Writes)
            {
                ThrowIfCancelled(cancellationToken, "Write", log);
                client.SelectAlternateSetting(region.AlternateSetting);
                log.Verbose($"Writing {region}.");
                long regionStart = before;
                try
                {
                    client.Download(
                        region.Address,
                        new ArraySegment<byte>(region.Data),
                        done => progress?.Report(new OperationProgress("Write", regionStart + done, totalBytes, phase.Elapsed, client.DeviceName, isFinal: regionStart + done == totalBytes)),
                        cancellationToken);
                }
                catch (DfuDeviceLostException e) when (
                    !region.ErasedFirst && ReferenceEquals(region, plan.Writes[plan.Writes.Count - 1]) && e.BytesDone + client.TransferSize >= region.Length)
                {
                    // An option-byte write reloads the options and resets the chip with no second status (docs/protocols/dfu-dfuse.md §4.1).
                    log.Warning($"{client.DeviceName} reset itself after the last block of {region}, as the bootloader does after an option-byte write; " +
                                "nothing was verified and the board restarts on its own.");
                    progress?.Report(new OperationProgress("Write", totalBytes, totalBytes, phase.Elapsed, client.DeviceName, isFinal: true));
                    return false;
                }
                catch (DfuDeviceLostException e) when (regionStart > 0)
                {
                    // The client counts within the region it was given; the user wants to know how much of the whole image got there.
                    throw InWholeImage(e, regionStart);
                }

                before += region.Length;
            }

            return true;
        }

        private void Verify(DfuSeFlashPlan plan, IProgress<OperationProgress>? progress, OperationLog? log, CancellationToken cancellationToken)
        {
            var phase = Stopwatch.StartNew();
            long totalBytes = plan.TotalWriteBytes;
            long before = 0;
            foreach (DfuSeWriteRegion region in plan.Writes)
            {
                ThrowIfCancelled(cancellationToken, "Verify", log);
                client.SelectAlternateSetting(region.AlternateSetting);
                log.Verbose($"Verifying {region}.");
                long regionStart = before;
                byte[] read;
                try
                {
                    read = client.Upload(
                        region.Address,
                        region.Data.Length,
                        done => progress?.Report(new OperationProgress("Verify", regionStart + done, totalBytes, phase.Elapsed, client.DeviceName, isFinal: regionStart + done == totalBytes)),
                        cancellationToken);
                }
                catch (DfuDeviceLostException e) when (regionStart > 0)
                {
                    throw InWholeImage(e, regionStart);
                }

                for (int i = 0; i < read.Length; i++)
                {
                    if (read[i] != region.Data[i])
                    {
                        throw DfuErrors.VerifyFailed((uint)(region.Address + i), region.Data[i], read[i], client.DeviceName);
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

        /// <summary>The same loss, with <see cref="DfuDeviceLostException.BytesDone"/> counted from the start of the whole image.</summary>
        private DfuDeviceLostException InWholeImage(DfuDeviceLostException e, long regionStart) =>
            new DfuDeviceLostException(e.Operation, e.Address, regionStart + e.BytesDone, client.DeviceName, e.FlashModified, e.InnerException);
    }
}
