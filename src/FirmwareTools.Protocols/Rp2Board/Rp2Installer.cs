using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Rp2;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Protocols.Rp2Board
{
    /// <summary>
    /// Install-Rp2Firmware below the cmdlet. <see cref="Prepare"/> reads and checks the whole .uf2 for the board's chip and
    /// chooses the method, touching nothing; <see cref="Install"/> then writes: over PICOBOOT (erase the touched sectors in
    /// groups of at most 64 KiB, write the pages, read everything back and compare, reboot into the firmware) or by copying
    /// the chosen blocks to the BOOTSEL drive and waiting for the board to leave BOOTSEL.
    /// </summary>
    public static class Rp2Installer
    {
        /// <summary>Erase and verify groups stay within 64 KiB, so the worst-case erase stays under the 10 s ACK timeout.</summary>
        public const int MaxGroupLength = 64 * 1024;

        /// <summary>The RP2040 stack pointer picotool passes with REBOOT after a load: the top of SRAM.</summary>
        public const uint Rp2040StackTop = 0x20042000;

        public const uint RebootDelayMilliseconds = 500;

        public static Rp2InstallPreparation Prepare(Rp2Device device, Rp2InstallRequest request)
        {
            if (device is null)
            {
                throw new ArgumentNullException(nameof(device));
            }

            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            Rp2BoardProfile? board = null;
            if (request.Board != null)
            {
                board = Rp2BoardProfile.Find(request.Board) ?? throw Rp2BoardErrors.BoardUnknown($"'{request.Board}' is not a Raspberry Pi MicroPython board this module knows ({string.Join(", ", Rp2BoardProfile.All.Select(b => b.Name))}).", request.Board, "Name one of those boards, or leave -Board out.");
                if (board.Chip != device.Chip)
                {
                    throw Rp2BoardErrors.BoardUnknown($"{board.Name} has an {board.Chip.ToString().ToUpperInvariant()}, but {device} is an {device.Chip.ToString().ToUpperInvariant()}.", request.Board, "Name the board that is plugged in.");
                }
            }

            Uf2FlashImage image = Uf2FlashImage.Select(Uf2File.Read(request.Path), Uf2SelectOptions.For(device.Chip, board, request.EraseFilesystem));
            var warnings = new List<string>();
            if (image.IgnoredRuns.Any(r => !r.IsRp2350E10))
            {
                warnings.Add($"{Path.GetFileName(request.Path)} also holds blocks the {device.Chip.ToString().ToUpperInvariant()} ignores ({string.Join("; ", image.IgnoredRuns.Where(r => !r.IsRp2350E10))}); they are not written.");
            }

            if (image.BootProblem != null)
            {
                warnings.Add($"{Path.GetFileName(request.Path)}: {image.BootProblem}; the board will come back in BOOTSEL mode after the reboot.");
            }

            Rp2InstallMethod method = request.Method ?? (device.PicobootReachable ? Rp2InstallMethod.Picoboot : Rp2InstallMethod.Drive);
            string? drive = null;
            if (method == Rp2InstallMethod.Picoboot && !device.PicobootReachable)
            {
                throw Rp2BoardErrors.PicobootUnreachable($"PICOBOOT cannot be used on {device}: {device.PicobootProblem}", device.ToString(),
                    "Grant USB access to the board (udev rule, or WinUSB via Zadig on 'RP2 Boot (Interface 1)'), or use -Method Drive.");
            }

            if (method == Rp2InstallMethod.Drive)
            {
                drive = request.DrivePath ?? device.DriveMountPoint ?? throw Rp2BoardErrors.DriveNotMounted($"The BOOTSEL drive of {device} is not mounted (no volume with INFO_UF2.TXT for this chip was found).", device.ToString(),
                    "Mount it (e.g. udisksctl mount -b /dev/disk/by-label/RPI-RP2) and pass its folder with -DrivePath, or use -Method Picoboot.");
                if (Rp2DriveLocator.BoardOf(drive) != device.Chip)
                {
                    throw Rp2BoardErrors.DriveNotMounted($"'{drive}' is not the BOOTSEL drive of an {device.Chip.ToString().ToUpperInvariant()} (no matching Board-ID in its INFO_UF2.TXT).", drive,
                        "Pass the folder where the board's RPI-RP2 or RP2350 drive is mounted.");
                }

                if (image.DriveCopyProblem != null)
                {
                    throw new Uf2FileException(request.Path, null, image.DriveCopyProblem, ImageErrors.Uf2RunInvalidId, "Use -Method Picoboot, which writes by address.");
                }
            }

            return new Rp2InstallPreparation(device, request, image, method, drive, warnings);
        }

        /// <summary>Writes the prepared board. <paramref name="backend"/> is the bus watched for the board leaving BOOTSEL after a drive copy.</summary>
        public static Rp2InstallResult Install(Rp2InstallPreparation prepared, IUsbBackend? backend, IProgress<OperationProgress>? progress = null, OperationLog? log = null, CancellationToken cancellationToken = default)
        {
            if (prepared is null)
            {
                throw new ArgumentNullException(nameof(prepared));
            }

            var clock = Stopwatch.StartNew();
            Rp2InstallResult result = prepared.Method == Rp2InstallMethod.Picoboot
                ? new Rp2PicobootWriter(prepared, progress, log, cancellationToken).Run()
                : Rp2DriveWriter.Run(prepared, backend ?? throw new ArgumentNullException(nameof(backend)), log, cancellationToken);
            result.Duration = clock.Elapsed;
            return result;
        }

        internal static Rp2InstallResult NewResult(Rp2InstallPreparation prepared) => new Rp2InstallResult
        {
            Board = prepared.Device.ToString(),
            Chip = prepared.Device.Chip,
            SerialNumber = prepared.Device.SerialNumber,
            Location = prepared.Device.Location,
            Method = prepared.Method,
            Path = prepared.Request.Path,
            Family = Uf2Family.Name(prepared.Image.FamilyId),
            Length = prepared.Image.Length,
        };

        /// <summary>The touched sectors in runs of consecutive sectors of at most 64 KiB: (start, length).</summary>
        internal static IReadOnlyList<MemoryRegion> SectorGroups(IReadOnlyList<uint> sectors)
        {
            var groups = new List<MemoryRegion>();
            foreach (uint sector in sectors)
            {
                MemoryRegion? last = groups.Count > 0 ? groups[groups.Count - 1] : null;
                if (last != null && last.EndAddress == sector && last.Length + Uf2FlashImage.SectorSize <= MaxGroupLength)
                {
                    groups[groups.Count - 1] = new MemoryRegion(last.Address, last.Length + Uf2FlashImage.SectorSize);
                }
                else
                {
                    groups.Add(new MemoryRegion(sector, Uf2FlashImage.SectorSize));
                }
            }

            return groups;
        }
    }
}
