using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>
    /// The second half of Install-Esp32Firmware: carries out a plan from <see cref="Esp32InstallPlanner"/> on an open port.
    /// Connects, identifies the chip, checks the plan against the detected chip and flash (before anything is erased or
    /// written), switches baud, writes each region compressed, MD5-verifies it and resets.
    /// </summary>
    public sealed class Esp32InstallRun
    {
        /// <summary>How often a region is started over (FLASH_DEFL_BEGIN re-erases it) after a lost reply or a corrupted block.</summary>
        public const int RegionAttempts = 2;

        private readonly Esp32InstallPreparation prepared;
        private readonly Esp32InstallRequest request;
        private readonly ISerialPort port;
        private readonly IProgress<OperationProgress>? progress;
        private readonly OperationLog? log;
        private readonly Esp32RomClient client;
        private Esp32Connection connection;

        public Esp32InstallRun(Esp32InstallPreparation prepared, ISerialPort port, IProgress<OperationProgress>? progress = null, OperationLog? log = null)
        {
            this.prepared = prepared ?? throw new ArgumentNullException(nameof(prepared));
            this.port = port ?? throw new ArgumentNullException(nameof(port));
            request = prepared.Request;
            this.progress = progress;
            this.log = log;
            client = new Esp32RomClient(port, request.Timeouts, log) { ConnectAttempts = request.ConnectAttempts };
            connection = Esp32Installer.ConnectionFor(request);
        }

        /// <summary>Connect with this instead of the request's -Before (the installer's second try on a re-enumerated port: no reset).</summary>
        public Esp32BeforeMode? BeforeOverride { get; init; }

        /// <summary>The machine's serial ports, to follow a board whose port re-enumerates on the final reset (OTG); null does not follow it.</summary>
        public Func<IReadOnlyList<SerialPortInfo>>? ListPorts { get; init; }

        /// <summary>The -Before that runs (<see cref="Esp32Installer.BeforeFor"/>), unless overridden.</summary>
        private Esp32BeforeMode Before => BeforeOverride ?? Esp32Installer.BeforeFor(request);

        /// <summary>Runs the plan. The port stays open (its owner closes it); a Pycom PIC is left in every outcome.</summary>
        public Esp32InstallResult Execute(CancellationToken cancellationToken = default)
        {
            var clock = Stopwatch.StartNew();
            port.BaudRate = request.BaudRate;
            PycomPic? pic = null;
            if (request.Before == Esp32BeforeMode.PycomPic)
            {
                pic = new PycomPic(port, log) { ResetPulse = request.PicResetPulse ?? TimeSpan.FromMilliseconds(200), ResetRecovery = request.PicResetRecovery ?? TimeSpan.FromMilliseconds(100) };
                pic.EnterProgrammingMode(cancellationToken);
            }

            try
            {
                Esp32InstallResult installed = ExecuteConnected(pic, clock, cancellationToken);
                pic = installed.Reset ? pic : null;
                return installed;
            }
            finally
            {
                if (pic != null)
                {
                    // Leave programming mode on success (with -After HardReset) and on failure, so the module runs again.
                    pic.ExitProgrammingMode(CancellationToken.None);
                }
            }
        }

        private Esp32InstallResult ExecuteConnected(PycomPic? pic, Stopwatch clock, CancellationToken cancellationToken)
        {
            log.Verbose($"Connection: {Esp32Connections.Describe(connection)}{(request.Connection is null ? (request.PortUsbId is (ushort v, ushort p) ? $" (USB id {v:X4}:{p:X4})" : " (no USB ids known for the port)") : " (as given)")}.");
            try
            {
                client.Connect(pic is null ? Before : Esp32BeforeMode.NoReset, cancellationToken);
            }
            catch (SerialPortLostException e) when (connection != Esp32Connection.UsbUartBridge)
            {
                throw new Esp32PortLostOnResetException(port.PortName, e);
            }
            catch (Esp32NoAnswerException) when (request.Before == Esp32BeforeMode.DefaultReset && request.PortUsbId is (ushort vid, ushort pid) && KnownSerialDevices.IsPycomPic(vid, pid))
            {
                log.Warning(Esp32Installer.PycomPicHint(request.Port));
                throw;
            }

            Esp32ChipInfo chip = client.DetectChip(cancellationToken);
            Esp32ChipTarget target = client.Target ?? throw Esp32Errors.ChipNotSupported(request.Port, chip.Chip);
            CheckChip(chip, target);
            CheckRevisions(chip, target);
            if (request.ExpectedMac is string expected && !string.Equals(Esp32BoardErrors.Normalize(expected), Esp32BoardErrors.Normalize(chip.Mac), StringComparison.Ordinal))
            {
                throw Esp32BoardErrors.AnotherChip(request.Port, chip.Mac, expected);
            }

            if (request.Connection is null && request.PortUsbId is null)
            {
                AskTheRomForTheConnection(chip, cancellationToken);
            }

            if (connection == Esp32Connection.UsbSerialJtag)
            {
                DisableWatchdog(chip, cancellationToken);
            }

            int baud = request.FlashBaudRate > 0 && request.FlashBaudRate != port.BaudRate && Esp32Connections.HasRealBaudRate(connection)
                ? client.ChangeBaudRate(request.FlashBaudRate, cancellationToken)
                : port.BaudRate;
            client.AttachSpiFlash(chip.SpiPadConfig, cancellationToken);
            long flashSize = client.DetectFlashSize(cancellationToken);
            PycomFlashPlan? plan = null;
            if (prepared.Package is PycomPackage package)
            {
                // The script is chosen and checked against the detected flash here, before anything is erased or written.
                plan = package.CreatePlan(flashSize, new PycomPlanOptions { FlashParameters = request.FlashParameters ?? Esp32FlashParameters.PycomUpdater });
                foreach (string warning in plan.Warnings)
                {
                    log.Warning(warning);
                }

                log.Verbose(plan.Description);
            }
            else
            {
                Esp32PlannedRegion last = prepared.Regions[prepared.Regions.Count - 1];
                if (last.End > flashSize)
                {
                    throw Esp32InstallPlanner.PastFlash(last, flashSize, $"the board's flash is {ByteSize.Format(flashSize)}");
                }
            }

            client.SetFlashParameters(flashSize, cancellationToken);

            var results = new List<Esp32RegionResult>();
            if (request.EraseAll)
            {
                results.Add(Erase(new Esp32RegionJob(0, flashSize, Md5Digest.Erased(flashSize), "whole flash"), skipUnchanged: false, cancellationToken));
            }

            if (plan != null)
            {
                ISet<int> unchanged = request.SkipUnchanged ? UnchangedSteps(plan.Steps, cancellationToken) : new HashSet<int>();
                for (int i = 0; i < plan.Steps.Count; i++)
                {
                    PycomPlanStep step = plan.Steps[i];
                    var job = new Esp32RegionJob(step.Offset, step.Length, step.Md5, step.ToString())
                    {
                        Source = Path.GetFileName(plan.PackagePath) + "/" + step.Source,
                        Open = step.Kind == PycomPlanStepKind.Erase ? null : () => step.OpenData()!,
                    };
                    if (unchanged.Contains(i))
                    {
                        results.Add(new Esp32RegionResult(job.Offset, job.Length, job.Md5, true, TimeSpan.Zero, job.Source, 0, Esp32RegionAction.Skipped));
                        continue;
                    }

                    results.Add(step.Kind == PycomPlanStepKind.Erase ? Erase(job, request.SkipUnchanged, cancellationToken) : Write(job, cancellationToken));
                }
            }
            else
            {
                foreach (Esp32PlannedRegion region in prepared.Regions)
                {
                    results.Add(WriteRegion(region, flashSize, cancellationToken));
                }
            }

            bool reset = false;
            string? portAfterReset = null;
            if (request.After == Esp32AfterMode.HardReset)
            {
                // With the PIC, leaving programming mode is the reset (RTS goes nowhere on these carriers).
                if (connection == Esp32Connection.UsbOtg)
                {
                    portAfterReset = LeaveOverOtg(chip, cancellationToken);
                }
                else if (pic is null)
                {
                    client.Reboot(cancellationToken);
                }

                reset = true;
            }
            else
            {
                log.Verbose("Staying in the bootloader (-After NoReset): remove the GPIO0/G23 jumper and press reset to start the firmware.");
            }

            return new Esp32InstallResult(port.PortName, chip.Description, chip.Mac, flashSize, baud, results, reset, clock.Elapsed)
            {
                Connection = connection,
                PortAfterReset = portAfterReset,
            };
        }

        /// <summary>
        /// A port without USB ids (socket://, rfc2217://, a listing that had none): the ROM's UARTDEV_BUF_NO says which
        /// interface it talks on, as esptool up to 5.2 reads it (docs/protocols/esp32-family.md §3.2). Only chips with a
        /// native USB have it; a refused read (secure download mode) leaves the connection a bridge.
        /// </summary>
        private void AskTheRomForTheConnection(Esp32ChipInfo chip, CancellationToken cancellationToken)
        {
            Esp32UartDeviceVariable? variable = Esp32UartDeviceVariable.ForChip(chip.Chip, chip.RevisionFull);
            if (variable is null)
            {
                return;
            }

            try
            {
                uint value = client.ReadRegister(variable.Address, cancellationToken);
                connection = variable.ConnectionOf(value);
                log.Verbose($"The ROM says it talks on {Esp32Connections.Describe(connection)} ({variable} = 0x{value & 0xFF:X2}).");
            }
            catch (Esp32RomErrorException e)
            {
                log.Verbose($"{variable} could not be read ({e.CodeName}): taking the port for a bridge.");
            }
        }

        /// <summary>
        /// Over USB-Serial/JTAG a reset is a core reset: a watchdog the application armed keeps running and would reset the
        /// chip mid-flash, so it is disabled right after connecting (docs/protocols/esp32-family.md §3.4).
        /// </summary>
        private void DisableWatchdog(Esp32ChipInfo chip, CancellationToken cancellationToken)
        {
            Esp32RtcWatchdog? watchdog = request.RtcWatchdog ?? client.Target?.RtcWatchdog;
            if (watchdog is null)
            {
                log.Warning($"{chip.Chip} on USB-Serial/JTAG: no RTC watchdog is known for this chip, so it is left as it is; if the board resets during the write, reset it into the bootloader by hand and use -Before NoReset.");
                return;
            }

            log.Verbose($"Disabling the RTC watchdog and setting the super watchdog to feed itself ({watchdog} registers), as a USB-Serial/JTAG reset leaves them running.");
            watchdog.Disable(client.Link, cancellationToken);
        }

        /// <summary>
        /// Leaves the loader over the ROM's OTG CDC (§3.3): a watchdog system reset (DTR/RTS are not dependable there); the
        /// port vanishes and comes back under another name, where the board is looked for by its serial number or location.
        /// Returns the new port, or null when it could not be followed (the write is done; that is only a warning).
        /// </summary>
        private string? LeaveOverOtg(Esp32ChipInfo chip, CancellationToken cancellationToken)
        {
            Esp32RtcWatchdog? watchdog = request.RtcWatchdog ?? client.Target?.RtcWatchdog;
            if (watchdog is null)
            {
                log.Verbose("No watchdog is known for this chip: leaving the loader with FLASH_END (run user code).");
                client.Flash.RunUserCode(cancellationToken);
                return null;
            }

            client.PrepareForReset(cancellationToken);
            log.Verbose($"Watchdog reset ({watchdog} registers): the chip restarts and its USB port re-enumerates.");
            watchdog.Reset(client.Link, cancellationToken);
            if (!WaitForPortLoss(Esp32RtcWatchdog.ResetWait, cancellationToken))
            {
                log.Verbose($"{port.PortName} stayed after the watchdog reset.");
                return null;
            }

            if (ListPorts is null || request.PortIdentity is null)
            {
                log.Warning($"{port.PortName} vanished after the reset, as an OTG port does; the board's new port is not known (Get-SerialPort lists it).");
                return null;
            }

            try
            {
                string again = new Esp32PortFinder(ListPorts, request.ReenumerationTimeout ?? Esp32Installer.DefaultReenumerationTimeout).FindAgain(request.PortIdentity, cancellationToken);
                log.Verbose($"The board came back on {again}.");
                return again;
            }
            catch (FirmwareError e)
            {
                // The firmware is written and verified: a board that has not reappeared yet is worth a warning, not a failure.
                log.Warning(e.Message);
                return null;
            }
        }

        /// <summary>True once reading the port fails as an unplugged port's does, within <paramref name="wait"/>.</summary>
        private bool WaitForPortLoss(TimeSpan wait, CancellationToken cancellationToken)
        {
            var buffer = new byte[256];
            var clock = Stopwatch.StartNew();
            try
            {
                while (clock.Elapsed < wait)
                {
                    port.Read(buffer, 0, buffer.Length, TimeSpan.FromMilliseconds(20), cancellationToken);
                }
            }
            catch (SerialPortLostException)
            {
                return true;
            }

            return false;
        }

        private Esp32RegionResult WriteRegion(Esp32PlannedRegion region, long flashSize, CancellationToken cancellationToken)
        {
            Esp32FlashParameters parameters = request.FlashParameters ?? Esp32FlashParameters.Keep;
            if (region.Kind == Esp32RegionKind.Image && region.Offset == client.Target!.BootloaderOffset && !parameters.KeepsAll)
            {
                // esptool's rule (docs/protocols/esp32-rom-loader.md §5): only the image at the bootloader offset gets the flash parameters; detect needs the
                // detected size, so the header is patched here, after the JEDEC id was read.
                Esp32HeaderPatch patch = Esp32HeaderPatcher.Patch(File.ReadAllBytes(region.Path), region.Offset, parameters, flashSize, region.Name);
                if (patch.Note != null)
                {
                    log.Verbose($"{region}: {patch.Note}.");
                }

                if (patch.Patched)
                {
                    byte[] data = Padding.ToMultiple(patch.Data, 4);
                    return Write(new Esp32RegionJob(region.Offset, data.Length, Md5Digest.Of(data), region.ToString()) { Source = region.Path, Open = () => new MemoryStream(data, false) }, cancellationToken);
                }
            }

            var job = new Esp32RegionJob(region.Offset, region.Length, region.Md5, region.ToString())
            {
                Source = region.Path,
                Open = () => File.OpenRead(region.Path),
                CompressedLength = region.CompressedLength,
            };
            return Write(job, cancellationToken);
        }

        private Esp32RegionResult Write(Esp32RegionJob job, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            long length = job.Length;
            string target = job.Target;
            if (request.SkipUnchanged && Unchanged(job, cancellationToken))
            {
                progress?.Report(new OperationProgress("Write", length, length, clock.Elapsed, target, isFinal: true));
                return new Esp32RegionResult(job.Offset, length, job.Md5, true, clock.Elapsed, job.Source!, 0, Esp32RegionAction.Skipped);
            }

            long compressed = 0;
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    progress?.Report(new OperationProgress("Write", 0, length, clock.Elapsed, target));
                    var bytes = new SynchronousProgress<long>(done => progress?.Report(new OperationProgress("Write", done, length, clock.Elapsed, target)));
                    compressed = client.WriteDeflated(new Esp32DeflatedWrite(job.Offset, length, job.Open!) { CompressedLength = job.CompressedLength }, bytes, cancellationToken);
                    break;
                }
                catch (Exception e) when (attempt < RegionAttempts && IsTransient(e))
                {
                    // Restarting the region is safe: FLASH_DEFL_BEGIN erases it again, so a block the ROM may or may not
                    // have taken is never fed twice into its inflater.
                    log.Warning($"Writing {target} failed ({e.Message}); starting the region again.");
                }
            }

            progress?.Report(new OperationProgress("Write", length, length, clock.Elapsed, target, isFinal: true));
            bool verified = request.Verify && Verify(job, cancellationToken);
            return new Esp32RegionResult(job.Offset, length, job.Md5, verified, clock.Elapsed, job.Source!, compressed, Esp32RegionAction.Written);
        }

        /// <summary>Erases a range with FLASH_BEGIN (the ROM has no ERASE_REGION) and checks it reads back as 0xFF.</summary>
        private Esp32RegionResult Erase(Esp32RegionJob job, bool skipUnchanged, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            long length = job.Length;
            if (skipUnchanged && Unchanged(job, cancellationToken))
            {
                return new Esp32RegionResult(job.Offset, length, job.Md5, true, clock.Elapsed, job.Source ?? job.Target, 0, Esp32RegionAction.Skipped);
            }

            progress?.Report(new OperationProgress("Erase", 0, length, clock.Elapsed, job.Target));
            client.EraseRegion(job.Offset, length, cancellationToken);
            progress?.Report(new OperationProgress("Erase", length, length, clock.Elapsed, job.Target, isFinal: true));
            bool verified = request.Verify && Verify(job, cancellationToken);
            return new Esp32RegionResult(job.Offset, length, job.Md5, verified, clock.Elapsed, job.Source ?? job.Target, 0, Esp32RegionAction.Erased);
        }

        /// <summary>
        /// -SkipUnchanged on a package: the steps of every netted range (<see cref="Esp32PlanNetting"/>) whose final
        /// contents the chip already holds. Steps of a range that differs run, each still compared on its own first.
        /// </summary>
        private ISet<int> UnchangedSteps(IReadOnlyList<PycomPlanStep> steps, CancellationToken cancellationToken)
        {
            var unchanged = new HashSet<int>();
            foreach (Esp32NettedRange range in Esp32PlanNetting.Net(steps))
            {
                string onChip = client.FlashMd5(range.Offset, range.Length, cancellationToken);
                string where = $"0x{range.Offset:X}-0x{range.Offset + range.Length - 1:X}";
                if (string.Equals(onChip, range.Md5, StringComparison.OrdinalIgnoreCase))
                {
                    log.Verbose($"Skipping {where} ({range.Steps.Count} step{(range.Steps.Count == 1 ? string.Empty : "s")}): the flash already holds what the script leaves there (MD5 {onChip}).");
                    unchanged.UnionWith(range.Steps);
                }
                else
                {
                    log.Verbose($"{where} differs from what the script leaves there (MD5 {onChip}, expected {range.Md5}): running its steps.");
                }
            }

            return unchanged;
        }

        private bool Unchanged(Esp32RegionJob job, CancellationToken cancellationToken)
        {
            string onChip = client.FlashMd5(job.Offset, job.Length, cancellationToken);
            bool same = string.Equals(onChip, job.Md5, StringComparison.OrdinalIgnoreCase);
            log.Verbose(same ? $"Skipping {job.Target}: the flash already holds it (MD5 {onChip})." : $"{job.Target} differs on the chip (MD5 {onChip}, file {job.Md5}): writing it.");
            return same;
        }

        private bool Verify(Esp32RegionJob job, CancellationToken cancellationToken)
        {
            string flashMd5 = client.FlashMd5(job.Offset, job.Length, cancellationToken);
            if (!string.Equals(flashMd5, job.Md5, StringComparison.OrdinalIgnoreCase))
            {
                throw Esp32Errors.Md5Mismatch(port.PortName, new MemoryRegion(job.Offset, job.Length), job.Source, job.Md5, flashMd5);
            }

            log.Verbose($"Verified {job.Target}: MD5 {flashMd5}.");
            return true;
        }

        /// <summary>
        /// Every image must be for the detected chip (its header's chip id, docs/protocols/esp32-family.md §4.2), and a
        /// Pycom package is ESP32 firmware; checked before anything is erased or written.
        /// </summary>
        private void CheckChip(Esp32ChipInfo chip, Esp32ChipTarget target)
        {
            string board = $"the board on {request.Port} is an {chip.Description}";
            if (prepared.Package != null && target.ImageChipId != Esp32Chips.Esp32ChipId)
            {
                throw Esp32Errors.ChipMismatch(request.PackagePath!, Esp32Chips.Esp32ChipId, target.Name, board);
            }

            foreach (Esp32PlannedRegion region in prepared.Regions.Where(r => r.Image != null && r.Image.ChipId != target.ImageChipId))
            {
                if (!request.Force)
                {
                    throw Esp32Errors.ChipMismatch(region.Path, region.Image!.ChipId, target.Name, board);
                }

                log.Warning($"'{region.Path}' is built for {Esp32Errors.ChipName(region.Image!.ChipId)}; writing it to the {target.Name} because of -Force.");
            }
        }

        private void CheckRevisions(Esp32ChipInfo chip, Esp32ChipTarget target)
        {
            foreach (Esp32PlannedRegion region in prepared.Regions.Where(r => r.Image != null))
            {
                if (region.Image!.SupportsRevision(target.LegacyRevision(chip), chip.RevisionFull))
                {
                    continue;
                }

                string reason = $"it needs chip revision {region.Image.MinRevisionFull / 100}.{region.Image.MinRevisionFull % 100} or later" +
                                (region.Image.MaxRevisionFull is 0 or 0xFFFF ? string.Empty : $" and at most {region.Image.MaxRevisionFull / 100}.{region.Image.MaxRevisionFull % 100}") +
                                $", and the board's chip is {chip.Description}";
                if (!request.Force)
                {
                    throw new Esp32ImageException(region.Path, reason, "Use a firmware build for this chip revision, or pass -Force if you are sure.");
                }

                log.Warning($"'{region.Path}': {reason}; writing it because of -Force.");
            }
        }

        private static bool IsTransient(Exception e) =>
            e is Esp32ProtocolException ||
            (e is Esp32RomErrorException rom && (rom.Code == (byte)Esp32RomError.ChecksumError || rom.Code == (byte)Esp32RomError.DeflateFailed || rom.Code == (byte)Esp32RomError.DeflateAdler32Error));
    }
}
