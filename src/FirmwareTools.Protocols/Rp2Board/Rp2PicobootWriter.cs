using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Rp2;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Protocols.Rp2Board
{
    /// <summary>
    /// The PICOBOOT write (docs/protocols/rp2-uf2-picoboot.md §3.10): IF_RESET, EXCLUSIVE(1), on RP2350 the UF2 target partition of the family, EXIT_XIP;
    /// per group of touched sectors FLASH_ERASE then WRITE of the pages present (absent pages stay erased, 0xFF, as after a
    /// drive copy); READ back every group and compare; EXCLUSIVE(0); REBOOT / REBOOT2 into the firmware. Ctrl+C stops
    /// between groups and leaves the board in BOOTSEL mode.
    /// </summary>
    internal sealed class Rp2PicobootWriter
    {
        private readonly Rp2InstallPreparation prepared;
        private readonly Uf2FlashImage image;
        private readonly IProgress<OperationProgress>? progress;
        private readonly OperationLog? log;
        private readonly CancellationToken cancel;
        private readonly string name;

        public Rp2PicobootWriter(Rp2InstallPreparation prepared, IProgress<OperationProgress>? progress, OperationLog? log, CancellationToken cancel)
        {
            this.prepared = prepared;
            image = prepared.Image;
            this.progress = progress;
            this.log = log;
            this.cancel = cancel;
            name = prepared.Device.ToString();
        }

        public Rp2InstallResult Run()
        {
            cancel.ThrowIfCancellationRequested();
            IReadOnlyList<MemoryRegion> groups = Rp2Installer.SectorGroups(image.Sectors);
            using (PicobootConnection picoboot = PicobootConnection.Open(prepared.Device.Usb, name, null, log))
            {
                picoboot.FlashSize = image.FlashSize;
                picoboot.ExclusiveAccess(PicobootExclusiveMode.Exclusive);
                try
                {
                    CheckTargetPartition(picoboot);
                    picoboot.ExitXip();
                    Write(picoboot, groups);
                    Verify(picoboot, groups);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: no reboot, so the board stays in BOOTSEL mode, ready for the next attempt.
                    TryReleaseExclusive(picoboot);
                    throw;
                }

                picoboot.ExclusiveAccess(PicobootExclusiveMode.NotExclusive);
                Reboot(picoboot);
            }

            Rp2InstallResult result = Rp2Installer.NewResult(prepared);
            result.SectorsErased = image.Sectors.Count;
            result.Verified = true;
            result.Verification = "read back";
            result.Rebooted = true;
            return result;
        }

        private void CheckTargetPartition(PicobootConnection picoboot)
        {
            if (image.Chip != Rp2Chip.Rp2350)
            {
                return;
            }

            IReadOnlyList<uint> target = picoboot.GetInfo(PicobootInfoType.Uf2TargetPartition, image.FamilyId, 32);
            if (target.Count < 1 || target[0] != 0xFF)
            {
                throw Rp2Errors.ProtocolError(name, target.Count > 0 && target[0] == 0xFFFFFFFF
                    ? $"the board takes no {Uf2Family.Name(image.FamilyId)} image (its partition table has no place for it)"
                    : "the board has a partition table; this module writes whole-flash images only (use picotool for partitioned boards)");
            }
        }

        private void Write(PicobootConnection picoboot, IReadOnlyList<MemoryRegion> groups)
        {
            var clock = Stopwatch.StartNew();
            long erased = 0;
            long written = 0;
            long eraseTotal = (long)image.Sectors.Count * Uf2FlashImage.SectorSize;
            foreach (MemoryRegion group in groups)
            {
                cancel.ThrowIfCancellationRequested();
                picoboot.FlashErase(group.Address, (uint)group.Length);
                erased += group.Length;
                progress?.Report(new OperationProgress("Erase", erased, eraseTotal, clock.Elapsed, name, erased == eraseTotal));
                foreach (KeyValuePair<uint, byte[]> run in PageRuns(group))
                {
                    cancel.ThrowIfCancellationRequested();
                    picoboot.Write(run.Key, run.Value);
                    written += run.Value.Length;
                    progress?.Report(new OperationProgress("Write", written, image.Length, clock.Elapsed, name, written == image.Length));
                }
            }
        }

        /// <summary>Reads each group back whole: present pages must match, absent pages must be erased (0xFF).</summary>
        private void Verify(PicobootConnection picoboot, IReadOnlyList<MemoryRegion> groups)
        {
            var clock = Stopwatch.StartNew();
            long done = 0;
            long total = (long)image.Sectors.Count * Uf2FlashImage.SectorSize;
            foreach (MemoryRegion group in groups)
            {
                cancel.ThrowIfCancellationRequested();
                byte[] back = picoboot.Read(group.Address, (int)group.Length);
                for (int offset = 0; offset < back.Length; offset += Uf2FlashImage.PageSize)
                {
                    uint address = group.Address + (uint)offset;
                    byte[]? expected = image.HasPage(address) ? image.GetPage(address) : null;
                    for (int i = 0; i < Uf2FlashImage.PageSize; i++)
                    {
                        byte want = expected?[i] ?? 0xFF;
                        if (back[offset + i] != want)
                        {
                            throw Rp2BoardErrors.VerifyFailed(name, address + (uint)i, want, back[offset + i]);
                        }
                    }
                }

                done += group.Length;
                progress?.Report(new OperationProgress("Verify", done, total, clock.Elapsed, name, done == total));
            }
        }

        private void Reboot(PicobootConnection picoboot)
        {
            log.Verbose($"Rebooting {name} into the new firmware.");
            if (image.Chip == Rp2Chip.Rp2040)
            {
                picoboot.Reboot(0, Rp2Installer.Rp2040StackTop, Rp2Installer.RebootDelayMilliseconds);
            }
            else
            {
                Rp2Reboot2Flags arch = image.FamilyId == Uf2Family.Rp2350RiscV ? Rp2Reboot2Flags.ToRiscV : Rp2Reboot2Flags.ToArm;
                picoboot.Reboot2(Rp2Reboot2Flags.FlashUpdate | arch, Rp2Installer.RebootDelayMilliseconds, Uf2FlashImage.FlashBase, 0);
            }
        }

        /// <summary>Consecutive present pages of a group, as one WRITE each.</summary>
        private IEnumerable<KeyValuePair<uint, byte[]>> PageRuns(MemoryRegion group)
        {
            var run = new List<byte[]>();
            uint start = 0;
            for (uint address = group.Address; address < group.EndAddress; address += Uf2FlashImage.PageSize)
            {
                if (image.HasPage(address))
                {
                    if (run.Count == 0)
                    {
                        start = address;
                    }

                    run.Add(image.GetPage(address));
                    continue;
                }

                if (run.Count > 0)
                {
                    yield return Join(start, run);
                    run.Clear();
                }
            }

            if (run.Count > 0)
            {
                yield return Join(start, run);
            }
        }

        private static KeyValuePair<uint, byte[]> Join(uint start, List<byte[]> pages)
        {
            var data = new byte[pages.Count * Uf2FlashImage.PageSize];
            for (int i = 0; i < pages.Count; i++)
            {
                Array.Copy(pages[i], 0, data, i * Uf2FlashImage.PageSize, Uf2FlashImage.PageSize);
            }

            return new KeyValuePair<uint, byte[]>(start, data);
        }

        private void TryReleaseExclusive(PicobootConnection picoboot)
        {
            try
            {
                picoboot.ExclusiveAccess(PicobootExclusiveMode.NotExclusive);
            }
            catch (FirmwareToolsException e)
            {
                log.Debug($"Releasing exclusive access on {name} after Ctrl+C failed: {e.Message}");
            }
        }
    }
}
