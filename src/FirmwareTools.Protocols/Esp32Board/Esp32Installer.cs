using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>
    /// Install-Esp32Firmware below the cmdlet, in two steps so nothing reaches the board before the input is checked and
    /// the user confirmed: <see cref="Prepare"/> reads and validates every file and the layout (no port I/O);
    /// <c>Install</c> connects, identifies the chip, checks the layout against the detected flash, switches baud,
    /// writes each region compressed, MD5-verifies it and resets.
    /// </summary>
    public static class Esp32Installer
    {
        /// <summary>How often a region is started over (FLASH_DEFL_BEGIN re-erases it) after a lost reply or a corrupted block.</summary>
        public const int RegionAttempts = 2;

        public static Esp32InstallPreparation Prepare(Esp32InstallRequest request)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (request.PackagePath != null)
            {
                return PreparePackage(request);
            }

            if (request.Regions.Count == 0)
            {
                throw new Esp32RegionsInvalidException(request.Port, "no file was given", "Pass -Path with a MicroPython .bin, or -Image @{ 0x1000 = 'bootloader.bin'; 0x8000 = 'partitions.bin'; 0x10000 = 'app.bin' }.");
            }

            var warnings = new List<string>();
            var planned = new List<Esp32PlannedRegion>();
            foreach (Esp32Region region in request.Regions)
            {
                planned.Add(PlanRegion(region, request.Force, warnings));
            }

            planned.Sort((a, b) => a.Offset.CompareTo(b.Offset));
            for (int i = 1; i < planned.Count; i++)
            {
                Esp32PlannedRegion before = planned[i - 1];
                Esp32PlannedRegion after = planned[i];
                if (after.Offset < before.End)
                {
                    throw new Esp32RegionsInvalidException(after.Path,
                        string.Format(CultureInfo.InvariantCulture, "'{0}' at 0x{1:X} overlaps '{2}', which covers 0x{3:X}-0x{4:X}", after.Name, after.Offset, before.Name, before.Offset, before.End - 1),
                        "Give each file its own offset range; check the offsets in -Image.");
                }
            }

            Esp32PlannedRegion last = planned[planned.Count - 1];
            if (last.End > Esp32Protocol.Esp32MaxFlashSize)
            {
                throw PastFlash(last, Esp32Protocol.Esp32MaxFlashSize, "the ESP32 ROM loader addresses at most 16 MiB");
            }

            return new Esp32InstallPreparation(request, planned, warnings);
        }

        /// <summary>
        /// The region for a single firmware file (-Path): a MicroPython ESP32 .bin is a merged image whose first image is
        /// the bootloader, so it goes to the bootloader offset of the chip its header names (0x1000 on the ESP32).
        /// </summary>
        public static Esp32Region RegionForFirmware(string path)
        {
            if (!File.Exists(path))
            {
                throw new FirmwareFileNotFoundException(path);
            }

            Esp32Image image = Esp32Image.Read(path);
            string chip = Esp32Chips.ChipFromImageId(image.ChipId) ?? $"chip id {image.ChipId}";
            if (image.ChipId != 0)
            {
                throw new Esp32ImageException(path, $"it is firmware for {chip}, not for the ESP32", "Download the firmware built for the ESP32 (for MicroPython: ESP32_GENERIC).");
            }

            return new Esp32Region(Esp32Chips.BootloaderOffset(image.ChipId)!.Value, path);
        }

        /// <summary>Runs the prepared install on the port named in the request, opened by name (OS port, socket://, rfc2217://).</summary>
        public static Esp32InstallResult Install(
            Esp32InstallPreparation prepared,
            IProgress<OperationProgress>? progress = null,
            OperationLog? log = null,
            CancellationToken cancellationToken = default) =>
            Install(prepared, (name, token) => OpenPort(name, prepared?.Request.BaudRate ?? Esp32Protocol.EspRomBaud, token), progress, log, cancellationToken);

        /// <summary>
        /// Opens a port for the ROM loader: 8N1 at the connect rate, DTR and RTS released from the start so that opening
        /// the port does not hold the chip in reset (esptool sets them before opening, for Windows' usbser.sys).
        /// </summary>
        public static ISerialPort OpenPort(string name, int baudRate, CancellationToken cancellationToken) =>
            SerialPorts.Open(name, new SerialPortSettings { BaudRate = baudRate, Dtr = false, Rts = false }, cancellationToken);

        /// <summary>Runs the prepared install on the port <paramref name="openPort"/> opens; closes the port in every outcome.</summary>
        public static Esp32InstallResult Install(
            Esp32InstallPreparation prepared,
            Func<string, CancellationToken, ISerialPort> openPort,
            IProgress<OperationProgress>? progress = null,
            OperationLog? log = null,
            CancellationToken cancellationToken = default)
        {
            if (prepared is null)
            {
                throw new ArgumentNullException(nameof(prepared));
            }

            if (openPort is null)
            {
                throw new ArgumentNullException(nameof(openPort));
            }

            Esp32InstallRequest request = prepared.Request;
            var clock = Stopwatch.StartNew();
            using ISerialPort port = openPort(request.Port, cancellationToken);
            port.BaudRate = request.BaudRate;
            var client = new Esp32RomClient(port, request.Timeouts, log) { ConnectAttempts = request.ConnectAttempts };
            PycomPic? pic = null;
            if (request.Before == Esp32BeforeMode.PycomPic)
            {
                pic = new PycomPic(port, log) { ResetPulse = request.PicResetPulse ?? TimeSpan.FromMilliseconds(200), ResetRecovery = request.PicResetRecovery ?? TimeSpan.FromMilliseconds(100) };
                pic.EnterProgrammingMode(cancellationToken);
            }

            try
            {
                Esp32InstallResult installed = InstallConnected(prepared, port, client, pic, clock, progress, log, cancellationToken);
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

        private static Esp32InstallResult InstallConnected(Esp32InstallPreparation prepared, ISerialPort port, Esp32RomClient client, PycomPic? pic, Stopwatch clock,
            IProgress<OperationProgress>? progress, OperationLog? log, CancellationToken cancellationToken)
        {
            Esp32InstallRequest request = prepared.Request;
            try
            {
                client.Connect(pic is null ? request.Before : Esp32BeforeMode.NoReset, cancellationToken);
            }
            catch (Esp32NoAnswerException) when (request.Before == Esp32BeforeMode.DefaultReset && request.PortUsbId is (ushort vid, ushort pid) && KnownSerialDevices.IsPycomPic(vid, pid))
            {
                log.Warning(PycomPicHint(request.Port));
                throw;
            }
            Esp32ChipInfo chip = client.DetectChip(cancellationToken);
            if (chip.Chip != "ESP32")
            {
                throw new Esp32ChipNotSupportedException(request.Port, chip.Description);
            }

            CheckRevisions(prepared, chip, request.Force, log);

            int baud = request.FlashBaudRate > 0 && request.FlashBaudRate != port.BaudRate
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
                    throw PastFlash(last, flashSize, $"the board's flash is {ByteSize.Format(flashSize)}");
                }
            }

            client.SetFlashParameters(flashSize, cancellationToken);

            var results = new List<Esp32RegionResult>();
            if (request.EraseAll)
            {
                results.Add(EraseRange(client, 0, flashSize, "whole flash", request.Verify, progress, log, cancellationToken));
            }

            if (plan != null)
            {
                foreach (PycomPlanStep step in plan.Steps)
                {
                    string source = System.IO.Path.GetFileName(plan.PackagePath) + "/" + step.Source;
                    results.Add(step.Kind == PycomPlanStepKind.Erase
                        ? EraseRange(client, step.Offset, step.Length, step.ToString(), request.Verify, progress, log, cancellationToken, request.SkipUnchanged, source)
                        : WriteData(client, step.Offset, step.Length, () => step.OpenData()!, null, step.Md5, step.ToString(), source, request, progress, log, cancellationToken));
                }
            }
            else
            {
                foreach (Esp32PlannedRegion region in prepared.Regions)
                {
                    results.Add(WriteRegion(client, region, request, flashSize, progress, log, cancellationToken));
                }
            }

            bool reset = false;
            if (request.After == Esp32AfterMode.HardReset)
            {
                // With the PIC, leaving programming mode is the reset (RTS goes nowhere on these carriers).
                if (pic is null)
                {
                    client.Reboot(cancellationToken);
                }

                reset = true;
            }
            else
            {
                log.Verbose("Staying in the bootloader (-After NoReset): remove the GPIO0/G23 jumper and press reset to start the firmware.");
            }

            return new Esp32InstallResult(port.PortName, chip.Description, chip.Mac, flashSize, baud, results, reset, clock.Elapsed);
        }

        private static Esp32RegionResult WriteRegion(Esp32RomClient client, Esp32PlannedRegion region, Esp32InstallRequest request, long flashSize, IProgress<OperationProgress>? progress, OperationLog? log, CancellationToken cancellationToken)
        {
            Esp32FlashParameters parameters = request.FlashParameters ?? Esp32FlashParameters.Keep;
            if (region.Kind == Esp32RegionKind.Image && region.Offset == Esp32Chips.Esp32BootloaderOffset && !parameters.KeepsAll)
            {
                // esptool's rule (§5): only the image at the bootloader offset gets the flash parameters; detect needs the
                // detected size, so the header is patched here, after the JEDEC id was read.
                Esp32HeaderPatch patch = Esp32HeaderPatcher.Patch(File.ReadAllBytes(region.Path), region.Offset, parameters, flashSize, region.Name);
                if (patch.Note != null)
                {
                    log.Verbose($"{region}: {patch.Note}.");
                }

                if (patch.Patched)
                {
                    byte[] data = Padding.ToMultiple(patch.Data, 4);
                    return WriteData(client, region.Offset, data.Length, () => new MemoryStream(data, false), null, Md5Digest.Of(data), region.ToString(), region.Path, request, progress, log, cancellationToken);
                }
            }

            return WriteData(client, region.Offset, region.Length, () => File.OpenRead(region.Path), region.CompressedLength, region.Md5, region.ToString(), region.Path, request, progress, log, cancellationToken);
        }

        private static Esp32RegionResult WriteData(Esp32RomClient client, uint offset, long length, Func<Stream> open, long? compressedLength, string md5, string target, string path,
            Esp32InstallRequest request, IProgress<OperationProgress>? progress, OperationLog? log, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            if (request.SkipUnchanged && Unchanged(client, offset, length, md5, target, log, cancellationToken))
            {
                progress?.Report(new OperationProgress("Write", length, length, clock.Elapsed, target, isFinal: true));
                return new Esp32RegionResult(offset, length, md5, true, clock.Elapsed, path, 0, Esp32RegionAction.Skipped);
            }

            long compressed = 0;
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    progress?.Report(new OperationProgress("Write", 0, length, clock.Elapsed, target));
                    var bytes = new Progress(done => progress?.Report(new OperationProgress("Write", done, length, clock.Elapsed, target)));
                    compressed = client.WriteDeflated(new Esp32DeflatedWrite(offset, length, open) { CompressedLength = compressedLength }, bytes, cancellationToken);
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
            bool verified = request.Verify && Verify(client, offset, length, md5, target, path, log, cancellationToken);
            return new Esp32RegionResult(offset, length, md5, verified, clock.Elapsed, path, compressed, Esp32RegionAction.Written);
        }

        /// <summary>Erases a range with FLASH_BEGIN (the ROM has no ERASE_REGION) and checks it reads back as 0xFF.</summary>
        private static Esp32RegionResult EraseRange(Esp32RomClient client, uint offset, long length, string target, bool verify, IProgress<OperationProgress>? progress, OperationLog? log,
            CancellationToken cancellationToken, bool skipUnchanged = false, string? source = null)
        {
            var clock = Stopwatch.StartNew();
            string md5 = Md5Digest.Erased(length);
            if (skipUnchanged && Unchanged(client, offset, length, md5, target, log, cancellationToken))
            {
                return new Esp32RegionResult(offset, length, md5, true, clock.Elapsed, source ?? target, 0, Esp32RegionAction.Skipped);
            }

            progress?.Report(new OperationProgress("Erase", 0, length, clock.Elapsed, target));
            client.EraseRegion(offset, length, cancellationToken);
            progress?.Report(new OperationProgress("Erase", length, length, clock.Elapsed, target, isFinal: true));
            bool verified = verify && Verify(client, offset, length, md5, target, source, log, cancellationToken);
            return new Esp32RegionResult(offset, length, md5, verified, clock.Elapsed, source ?? target, 0, Esp32RegionAction.Erased);
        }

        private static bool Unchanged(Esp32RomClient client, uint offset, long length, string md5, string target, OperationLog? log, CancellationToken cancellationToken)
        {
            string onChip = client.FlashMd5(offset, length, cancellationToken);
            bool same = string.Equals(onChip, md5, StringComparison.OrdinalIgnoreCase);
            log.Verbose(same ? $"Skipping {target}: the flash already holds it (MD5 {onChip})." : $"{target} differs on the chip (MD5 {onChip}, file {md5}): writing it.");
            return same;
        }

        private static bool Verify(Esp32RomClient client, uint offset, long length, string md5, string target, string? path, OperationLog? log, CancellationToken cancellationToken)
        {
            string flashMd5 = client.FlashMd5(offset, length, cancellationToken);
            if (!string.Equals(flashMd5, md5, StringComparison.OrdinalIgnoreCase))
            {
                throw new Esp32VerifyException(client.Port.PortName, offset, length, md5, flashMd5, path);
            }

            log.Verbose($"Verified {target}: MD5 {flashMd5}.");
            return true;
        }

        private static Esp32InstallPreparation PreparePackage(Esp32InstallRequest request)
        {
            string path = request.PackagePath!;
            if (!File.Exists(path))
            {
                throw new FirmwareFileNotFoundException(path);
            }

            PycomPackage package = PycomPackage.Read(path);
            var options = new PycomPlanOptions { FlashParameters = request.FlashParameters ?? Esp32FlashParameters.PycomUpdater };

            // The script depends on the flash size, known only once the chip answers; nothing may touch the port before
            // the user confirmed, so the confirmation names what runs on each size the package has a script for.
            var described = new List<(long Size, string Text)>();
            PycomPackageException? refused = null;
            foreach (long size in PackagePlanSizes)
            {
                try
                {
                    described.Add((size, package.CreatePlan(size, options).Description));
                }
                catch (PycomPackageException e)
                {
                    refused ??= e;
                    described.Add((size, "refused (" + e.Reason + ")"));
                }
            }

            if (refused != null && described.All(d => d.Text.StartsWith("refused", StringComparison.Ordinal)))
            {
                throw refused;
            }

            string text = described.Select(d => d.Text).Distinct().Count() == 1
                ? described[0].Text
                : "By the detected flash size: " + string.Join("; ", described.Select(d => $"{ByteSize.Format(d.Size)}: {d.Text}"));
            return new Esp32InstallPreparation(request, new Esp32PlannedRegion[0], new string[0], package, text);
        }

        /// <summary>The flash sizes of Pycom modules (4 MB WiPy 2, 8 MB WiPy 3 / LoPy4 / FiPy / GPy), described before connecting.</summary>
        private static readonly long[] PackagePlanSizes = { 4L * 1024 * 1024, 8L * 1024 * 1024 };

        /// <summary>The USB id of <paramref name="port"/> among the machine's ports (Get-SerialPort's list); null for network ports and unknown ones.</summary>
        public static (ushort VendorId, ushort ProductId)? UsbIdOf(string port, IEnumerable<SerialPortInfo> ports)
        {
            if (port is null || ports is null || port.Contains("://"))
            {
                return null;
            }

            SerialPortInfo? found = ports.FirstOrDefault(p => string.Equals(p.Port, port, StringComparison.OrdinalIgnoreCase) ||
                                                              string.Equals(p.Port.Replace("/dev/tty.", "/dev/cu."), port.Replace("/dev/tty.", "/dev/cu."), StringComparison.OrdinalIgnoreCase));
            return found?.VendorId is ushort vid && found.ProductId is ushort pid ? (vid, pid) : ((ushort, ushort)?)null;
        }

        /// <summary>What to tell the user whose DTR/RTS reset failed on a Pycom PIC carrier.</summary>
        public static string PycomPicHint(string port) =>
            $"{port} is a Pycom Expansion Board 3 / Pysense / Pytrack PIC, whose DTR/RTS do not reset the module: run again with -Before PycomPic.";

        /// <summary>True when the file is gzip-compressed (1F 8B), which is how Pycom ships its firmware packages.</summary>
        public static bool IsPackage(string path)
        {
            using FileStream stream = File.OpenRead(path);
            return stream.ReadByte() == 0x1F && stream.ReadByte() == 0x8B;
        }

        private static bool IsTransient(Exception e) =>
            e is Esp32ProtocolException ||
            (e is Esp32RomErrorException rom && (rom.Code == (byte)Esp32RomError.ChecksumError || rom.Code == (byte)Esp32RomError.DeflateFailed || rom.Code == (byte)Esp32RomError.DeflateAdler32Error));

        private static Esp32PlannedRegion PlanRegion(Esp32Region region, bool force, List<string> warnings)
        {
            string path = region.Path;
            if (!File.Exists(path))
            {
                throw new FirmwareFileNotFoundException(path);
            }

            if (region.Offset % Esp32Protocol.FlashSectorSize != 0)
            {
                throw new Esp32RegionsInvalidException(path,
                    string.Format(CultureInfo.InvariantCulture, "offset 0x{0:X} for '{1}' is not on a 4 KiB sector boundary (the ROM would erase the bytes before it)", region.Offset, Path.GetFileName(path)),
                    "Use an offset that is a multiple of 0x1000.");
            }

            using FileStream stream = File.OpenRead(path);
            long length = stream.Length;
            if (length == 0)
            {
                throw new Esp32ImageException(path, "it is empty");
            }

            Esp32RegionKind kind;
            Esp32Image? image = null;
            bool mustBeImage = region.Offset == Esp32Chips.Esp32BootloaderOffset || region.Offset == Esp32Chips.AppOffset;
            string where = string.Format(CultureInfo.InvariantCulture, "0x{0:X}", region.Offset);
            if (region.Offset == Esp32Chips.PartitionTableOffset && Esp32PartitionTable.HasMagic(stream))
            {
                kind = Esp32RegionKind.PartitionTable;
            }
            else
            {
                stream.Position = 0;
                if (Esp32Image.HasMagic(stream))
                {
                    stream.Position = 0;
                    try
                    {
                        image = Esp32Image.Read(stream, path);
                        kind = Esp32RegionKind.Image;
                    }
                    catch (Esp32ImageException e) when (force && !mustBeImage)
                    {
                        warnings.Add($"{e.Reason} ('{path}'); writing it as raw data at {where} because of -Force.");
                        kind = Esp32RegionKind.Raw;
                    }
                }
                else if (region.Offset == Esp32Chips.PartitionTableOffset && !force)
                {
                    throw new Esp32ImageException(path, "it is not a partition table (no AA 50 entry at its start), which offset 0x8000 holds", "Check the file for 0x8000, or pass -Force to write raw data there.");
                }
                else if (mustBeImage || !force)
                {
                    throw new Esp32ImageException(path,
                        $"it is not an ESP32 image (it does not start with 0xE9), and {where} {(mustBeImage ? "must hold an image (" + (region.Offset == Esp32Chips.AppOffset ? "the app" : "the bootloader") + ")" : "expects one unless -Force says raw data belongs there")}");
                }
                else
                {
                    warnings.Add($"'{path}' is not an ESP32 image; writing it as raw data at {where} because of -Force.");
                    kind = Esp32RegionKind.Raw;
                }
            }

            if (image != null && image.ChipId != 0)
            {
                string chip = Esp32Chips.ChipFromImageId(image.ChipId) ?? $"chip id {image.ChipId}";
                if (!force)
                {
                    uint? home = Esp32Chips.BootloaderOffset(image.ChipId);
                    throw new Esp32ImageException(path, $"it is an image for {chip}, not for the ESP32" + (home is uint h ? string.Format(CultureInfo.InvariantCulture, " (its bootloader offset would be 0x{0:X})", h) : string.Empty),
                        "Download the firmware built for the ESP32 (for MicroPython: ESP32_GENERIC), or pass -Force if you are sure.");
                }

                warnings.Add($"'{path}' is built for {chip}; writing it to the ESP32 because of -Force.");
            }

            long padded = Padding.RoundUp(length, 4);
            long compressed;
            using (FileStream source = File.OpenRead(path))
            {
                compressed = ZlibBlockCompressor.CompressedLength(source, padded, Esp32Protocol.FlashWriteSize);
            }

            return new Esp32PlannedRegion(region.Offset, path, length, kind, image, Md5Digest.OfFilePadded(path, length, 4), compressed);
        }

        private static void CheckRevisions(Esp32InstallPreparation prepared, Esp32ChipInfo chip, bool force, OperationLog? log)
        {
            foreach (Esp32PlannedRegion region in prepared.Regions.Where(r => r.Image != null))
            {
                if (region.Image!.SupportsRevision(chip.MajorRevision, chip.RevisionFull))
                {
                    continue;
                }

                string reason = $"it needs chip revision {region.Image.MinRevisionFull / 100}.{region.Image.MinRevisionFull % 100} or later" +
                                (region.Image.MaxRevisionFull is 0 or 0xFFFF ? string.Empty : $" and at most {region.Image.MaxRevisionFull / 100}.{region.Image.MaxRevisionFull % 100}") +
                                $", and the board's chip is {chip.Description}";
                if (!force)
                {
                    throw new Esp32ImageException(region.Path, reason, "Use a firmware build for this chip revision, or pass -Force if you are sure.");
                }

                log.Warning($"'{region.Path}': {reason}; writing it because of -Force.");
            }
        }

        private static Esp32RegionsInvalidException PastFlash(Esp32PlannedRegion region, long flashSize, string why) =>
            new Esp32RegionsInvalidException(region.Path,
                string.Format(CultureInfo.InvariantCulture, "'{0}' at 0x{1:X} ends at 0x{2:X}, past the end of the flash at 0x{3:X} ({4})", region.Name, region.Offset, region.End, flashSize, why),
                "Check the offsets and that the firmware is built for this board's flash size.");

        /// <summary>Synchronous IProgress: reports on the writing thread, in order.</summary>
        private sealed class Progress : IProgress<long>
        {
            private readonly Action<long> report;

            public Progress(Action<long> report) => this.report = report;

            public void Report(long value) => report(value);
        }
    }
}
