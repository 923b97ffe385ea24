using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Pyboard
{
    /// <summary>
    /// Install-PyboardFirmware below the cmdlet. Two steps so that nothing reaches the device before the
    /// input is validated and the user has confirmed: <see cref="Prepare"/> reads and checks the file against
    /// the device (no USB I/O), <see cref="Install"/> takes the optional backup, erases, writes, verifies and
    /// leaves DFU mode.
    /// </summary>
    public static class PyboardInstaller
    {
        public static PyboardInstallPreparation Prepare(DfuDevice device, PyboardInstallRequest request)
        {
            if (device is null)
            {
                throw new ArgumentNullException(nameof(device));
            }

            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            RequireFlashableBootloader(device);
            var warnings = new List<string>();
            FirmwareImageFile file = FirmwareImageFile.Read(request.Path, acceptBadCrc: request.Force);
            warnings.AddRange(file.Warnings);
            if (file.CrcValid == false)
            {
                warnings.Add($"The DFU suffix CRC of '{file.Path}' is wrong (stored 0x{file.Suffix!.Crc:X8}, computed 0x{file.ComputedCrc:X8}); flashing anyway because of -Force.");
            }

            CheckSuffixIds(device, file, request.Force, warnings);

            IReadOnlyList<DfuSeTarget> targets;
            if (file.Format == FirmwareImageFormat.DfuSe)
            {
                // A DfuSe file offered with -Address is refused here, as dfu-util does ("not meant for raw download").
                targets = request.Address is uint address ? file.AsTargetsAt(address) : file.Targets;
            }
            else
            {
                if (request.Address is not uint address)
                {
                    throw PyboardErrors.RawImageNeedsAddress(file.Path, file.Format == FirmwareImageFormat.Dfu ? "plain DFU" : "raw");
                }

                targets = file.AsTargetsAt(address);
            }

            var layouts = device.AlternateSettings.Where(a => a.MemoryLayout != null).ToDictionary(a => a.Number, a => a.MemoryLayout!);
            DfuSeFlashPlan plan;
            try
            {
                plan = DfuSeFlashPlan.Create(targets, layouts, request.FullErase, file.Path);
            }
            catch (DfuFlashPlanException e) when (request.Address is uint given && e.Definition == DfuErrors.FirmwareOutsideFlashId)
            {
                // Say how -Address was read: a plain 8000000 is the number 8000000 (0x007A1200), not the hex the user may have meant.
                throw new DfuFlashPlanException(
                    e.Definition,
                    string.Format(CultureInfo.InvariantCulture, "-Address 0x{0:X8} ({0} as a decimal number): {1}", given, e.Message),
                    e.Target,
                    "Give the address in hex as memory maps print it: -Address 08000000 or 0x08000000 (the start of STM32 flash, where a full backup belongs); nothing was written to the device.",
                    e.AlternateSetting,
                    e.ElementAddress,
                    e.ElementLength,
                    e.Segment);
            }

            string? filesystemEffect = null;
            if (Stm32F405FlashMap.ErasesPyboardFilesystem(plan))
            {
                filesystemEffect = FilesystemEffect(targets, plan.MassErase);
                warnings.Add($"Installing '{System.IO.Path.GetFileName(file.Path)}' on {device} {filesystemEffect}");
            }

            var prepared = new PyboardInstallPreparation(device, request, file, plan, warnings) { FilesystemEffect = filesystemEffect };
            return prepared;
        }

        public static PyboardInstallResult Install(
            PyboardInstallPreparation prepared,
            IProgress<OperationProgress>? progress = null,
            OperationLog? log = null,
            CancellationToken cancellationToken = default)
        {
            if (prepared is null)
            {
                throw new ArgumentNullException(nameof(prepared));
            }

            DfuDevice device = prepared.Device;
            PyboardInstallRequest request = prepared.Request;
            DfuSeClient client = DfuSeClient.ForDevice(device, log: log);
            try
            {
                client.Open();
                string? backupPath = null;
                if (request.BackupPath != null)
                {
                    log.Verbose($"Backing up the internal flash of {device} to {request.BackupPath} before erasing.");
                    DfuSeBackupResult backup = new DfuSeFlashReader(client, device.InternalFlash!.MemoryLayout!, device.SerialNumber)
                        .Backup(request.BackupPath, new DfuSeBackupOptions(), progress, log, cancellationToken);
                    backupPath = backup.Path;
                }

                log.Verbose(prepared.Description + ".");
                DfuSeFlashResult flash = new DfuSeFlasher(client).Flash(
                    prepared.Plan,
                    new DfuSeFlashOptions { Verify = request.Verify, NoReset = request.NoReset },
                    progress,
                    log,
                    cancellationToken);
                return new PyboardInstallResult(device, prepared.File.Path, prepared.File.Format, flash, backupPath);
            }
            finally
            {
                client.Close();
            }
        }

        /// <summary>
        /// What an erase of the filesystem sectors (1-4) does to the user's files, as one sentence that follows "It" (the
        /// install). A file that writes the whole filesystem range back (restoring a full backup) puts the files it holds
        /// there: only what changed since is lost.
        /// </summary>
        private static string FilesystemEffect(IReadOnlyList<DfuSeTarget> targets, bool massErase)
        {
            uint start = Stm32F405FlashMap.PyboardFilesystemStart;
            uint end = Stm32F405FlashMap.PyboardFilesystemEnd;
            string range = string.Format(CultureInfo.InvariantCulture, "0x{0:X8}-0x{1:X8}", start, end - 1);
            if (massErase)
            {
                return "wipes the pyboard's filesystem (main.py, boot.py and your files) with a full erase.";
            }

            bool rewritesAll = targets.SelectMany(t => t.Elements).Any(e => e.Address <= start && e.Address + (ulong)e.Length >= end);
            return rewritesAll
                ? $"rewrites the pyboard's whole filesystem ({range}) with the copy the file holds: files saved since that copy was made are lost."
                : $"overwrites part of the pyboard's filesystem ({range}): your files there will be lost.";
        }

        /// <summary>A board the DfuSe flasher can drive: in DFU mode, ST DfuSe, download allowed, internal flash map readable.</summary>
        internal static void RequireFlashableBootloader(DfuDevice device, bool needUpload = false)
        {
            string name = device.ToString();
            if (device.Mode != DfuMode.Dfu)
            {
                throw PyboardErrors.DeviceNotSupported(name, "the device runs its application (DFU run-time mode), not its bootloader",
                    "Put the board in DFU mode: fit the DFU jumper and press RST, or run machine.bootloader() at its REPL.");
            }

            if (!device.IsDfuSe)
            {
                throw PyboardErrors.DeviceNotSupported(name,
                    string.Format(CultureInfo.InvariantCulture, "it speaks DFU {0:x}.{1:x2}, not ST's DfuSe (1.1a) that STM32 bootloaders use", device.DfuVersion >> 8, device.DfuVersion & 0xFF),
                    "Use a tool for that device (dfu-util); FirmwareTools flashes STM32 DfuSe bootloaders.");
            }

            if (!needUpload && !device.CanDownload)
            {
                throw PyboardErrors.DeviceNotSupported(name, "its DFU interface does not accept downloads", "Check that this is the board's ROM bootloader.");
            }

            if (needUpload && !device.CanUpload)
            {
                throw PyboardErrors.DeviceNotSupported(name, "its DFU interface does not allow reading memory (no bitCanUpload)", "Check that this is the board's ROM bootloader.");
            }

            if (device.InternalFlash?.MemoryLayout is null)
            {
                throw PyboardErrors.DeviceNotSupported(name, "it reports no readable 'Internal Flash' memory layout", "Check the alternate settings with Get-DfuDevice; report the layout strings to the FirmwareTools project.");
            }
        }

        private static void CheckSuffixIds(DfuDevice device, FirmwareImageFile file, bool force, List<string> warnings)
        {
            DfuSuffix? suffix = file.Suffix;
            if (suffix is null)
            {
                return;
            }

            bool vendorMatches = suffix.VendorId == DfuSuffix.Wildcard || suffix.VendorId == device.VendorId;
            bool productMatches = suffix.ProductId == DfuSuffix.Wildcard || suffix.ProductId == device.ProductId;
            if (vendorMatches && productMatches)
            {
                return;
            }

            if (!force)
            {
                throw PyboardErrors.FirmwareDeviceMismatch(file.Path, suffix, device);
            }

            warnings.Add(string.Format(CultureInfo.InvariantCulture, "'{0}' is marked for {1:x4}:{2:x4}, not {3}; flashing anyway because of -Force.", file.Path, suffix.VendorId, suffix.ProductId, device.Id));
        }
    }
}
