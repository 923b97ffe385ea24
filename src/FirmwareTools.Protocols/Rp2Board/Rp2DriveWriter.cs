using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Protocols.Rp2Board
{
    /// <summary>
    /// The drive write: copy the chosen family's pages as a fresh UF2 (numbered in address order, without the RP2350-E10 block,
    /// which the ROM would write into the filesystem, and without other families) to the BOOTSEL drive, flush it to the
    /// device, then wait for the board to leave BOOTSEL. A drive cannot be read back, so leaving BOOTSEL is the only
    /// confirmation, and the result says so.
    /// </summary>
    internal static class Rp2DriveWriter
    {
        public const string FileName = "FIRMWARE.UF2";

        private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

        public static Rp2InstallResult Run(Rp2InstallPreparation prepared, IUsbBackend backend, OperationLog? log, CancellationToken cancel)
        {
            cancel.ThrowIfCancellationRequested();
            Uf2FlashImage image = prepared.Image;
            byte[] uf2 = Uf2Writer.WritePages(image.PageAddresses.Select(a => new KeyValuePair<uint, byte[]>(a, image.GetPage(a))).ToList(), image.FamilyId);
            string target = Path.Combine(prepared.DrivePath!, FileName);
            log.Verbose($"Copying {uf2.Length} bytes ({image.PageCount} blocks) to {target}.");
            IOException? copyError = Copy(target, uf2);
            if (copyError != null)
            {
                // The board may reboot while the OS still flushes (macOS error -36, Linux I/O error on close): harmless if it left BOOTSEL.
                log.Verbose($"The copy to {target} ended with an error ({copyError.Message}); checking whether the board rebooted anyway.");
            }

            if (!WaitUntilGone(prepared.Device, backend, prepared.Request.DriveRebootTimeout, cancel))
            {
                throw Rp2BoardErrors.DriveCopyNotAccepted($"{prepared.Device} is still in BOOTSEL mode {prepared.Request.DriveRebootTimeout.TotalSeconds:0.#} s after {Path.GetFileName(prepared.Request.Path)} was copied to {prepared.DrivePath}" +
                    (copyError is null ? string.Empty : $" (the copy failed: {copyError.Message})") +
                    ": the boot ROM did not take the whole file, and nothing confirms what was written.",
                    prepared.Device.ToString(), "Try -Method Picoboot, which reads the flash back; the board is still in BOOTSEL mode.", copyError);
            }

            Rp2InstallResult result = Rp2Installer.NewResult(prepared);
            result.SectorsErased = image.Sectors.Count;
            result.Verified = false;
            result.Verification = "left BOOTSEL (a drive copy cannot be read back)";
            result.Rebooted = true;
            return result;
        }

        private static IOException? Copy(string target, byte[] uf2)
        {
            try
            {
                using (var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
                {
                    file.Write(uf2, 0, uf2.Length);
                    file.Flush(flushToDisk: true);
                }

                return null;
            }
            catch (IOException e)
            {
                return e;
            }
            catch (UnauthorizedAccessException e)
            {
                throw Rp2BoardErrors.DriveCopyFailed($"Cannot write {target}: {e.Message}", target, "Check that the drive is mounted writable for you.", e);
            }
        }

        /// <summary>True once no BOOTSEL device is at the board's location any more.</summary>
        private static bool WaitUntilGone(Rp2Device device, IUsbBackend backend, TimeSpan timeout, CancellationToken cancel)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                bool present = backend.GetDevices().Any(d => d.Location.PortPath == device.Location && Rp2DeviceFinder.ChipOf(d) == device.Chip);
                if (!present)
                {
                    return true;
                }

                if (clock.Elapsed >= timeout)
                {
                    return false;
                }

                if (cancel.WaitHandle.WaitOne(PollInterval))
                {
                    cancel.ThrowIfCancellationRequested();
                }
            }
        }
    }
}
