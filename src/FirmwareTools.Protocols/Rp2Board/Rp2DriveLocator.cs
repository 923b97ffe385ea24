using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Rp2Board
{
    /// <summary>
    /// Finds mounted BOOTSEL drives the way uf2conv does: a volume whose root holds INFO_UF2.TXT with a "Board-ID: RPI-RP2"
    /// (RP2040) or "Board-ID: RP2350" line. Linux: the vfat mounts in /proc/mounts; macOS: /Volumes; Windows: the ready drives.
    /// </summary>
    public static class Rp2DriveLocator
    {
        /// <summary>Mount points of BOOTSEL drives of <paramref name="chip"/>.</summary>
        public static IReadOnlyList<string> Find(Rp2Chip chip) => Candidates().Where(root => BoardOf(root) == chip).Distinct().ToList();

        /// <summary>The chip a mounted drive belongs to, read from its INFO_UF2.TXT; null when it is not a BOOTSEL drive.</summary>
        public static Rp2Chip? BoardOf(string root)
        {
            string info = Path.Combine(root, "INFO_UF2.TXT");
            try
            {
                if (!File.Exists(info))
                {
                    return null;
                }

                foreach (string line in File.ReadAllLines(info))
                {
                    string trimmed = line.Trim();
                    if (trimmed == "Board-ID: RPI-RP2")
                    {
                        return Rp2Chip.Rp2040;
                    }

                    if (trimmed == "Board-ID: RP2350")
                    {
                        return Rp2Chip.Rp2350;
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return null;
            }

            return null;
        }

        private static IEnumerable<string> Candidates()
        {
            if (File.Exists("/proc/mounts"))
            {
                foreach (string line in SafeReadLines("/proc/mounts"))
                {
                    string[] fields = line.Split(' ');
                    if (fields.Length > 2 && (fields[2] == "vfat" || fields[2] == "msdos" || fields[2] == "fuseblk"))
                    {
                        yield return fields[1].Replace("\\040", " ");
                    }
                }
            }

            if (Directory.Exists("/Volumes"))
            {
                foreach (string volume in SafeDirectories("/Volumes"))
                {
                    yield return volume;
                }
            }

            if (Path.DirectorySeparatorChar == '\\')
            {
                foreach (DriveInfo drive in DriveInfo.GetDrives().Where(d => d.IsReady))
                {
                    yield return drive.RootDirectory.FullName;
                }
            }
        }

        private static IEnumerable<string> SafeReadLines(string path)
        {
            try
            {
                return File.ReadAllLines(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return Array.Empty<string>();
            }
        }

        private static IEnumerable<string> SafeDirectories(string path)
        {
            try
            {
                return Directory.GetDirectories(path);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                return Array.Empty<string>();
            }
        }
    }
}
