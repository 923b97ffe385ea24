using System.Collections.Generic;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Rp2Board
{
    /// <summary>Everything checked before a board is touched: the file, the pages the chip takes, the method, the drive.</summary>
    public sealed class Rp2InstallPreparation
    {
        internal Rp2InstallPreparation(Rp2Device device, Rp2InstallRequest request, Uf2FlashImage image, Rp2InstallMethod method, string? drive, IReadOnlyList<string> warnings)
        {
            Device = device;
            Request = request;
            Image = image;
            Method = method;
            DrivePath = drive;
            Warnings = warnings;
        }

        public Rp2Device Device { get; }

        public Rp2InstallRequest Request { get; }

        public Uf2FlashImage Image { get; }

        public Rp2InstallMethod Method { get; }

        /// <summary>The drive's mount point for <see cref="Rp2InstallMethod.Drive"/>.</summary>
        public string? DrivePath { get; }

        public IReadOnlyList<string> Warnings { get; }

        /// <summary>For ShouldProcess: what will be written where and how.</summary>
        public string Description =>
            $"Write {System.IO.Path.GetFileName(Request.Path)} ({Uf2Family.Name(Image.FamilyId)}, {ByteSize.Format(Image.Length)} at {string.Join(", ", Image.Regions)}) " +
            (Method == Rp2InstallMethod.Picoboot ? "over PICOBOOT, erasing " + Image.Sectors.Count + " 4 KiB sector(s), then read back and reboot" : "by copying it to the drive " + DrivePath);
    }
}
