using System;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>A finished backup: the raw file, its sidecar, and what they hold.</summary>
    public sealed class DfuSeBackupResult
    {
        public DfuSeBackupResult(string path, string sidecarPath, uint address, long length, string sha256, string? deviceSerial, string layout, DateTime createdUtc, TimeSpan elapsed)
        {
            Path = path;
            SidecarPath = sidecarPath;
            Address = address;
            Length = length;
            Sha256 = sha256;
            DeviceSerial = deviceSerial;
            Layout = layout;
            CreatedUtc = createdUtc;
            Elapsed = elapsed;
        }

        /// <summary>Full path of the raw file (binds to -Path of the next cmdlet).</summary>
        public string Path { get; }

        public string SidecarPath { get; }

        public uint Address { get; }

        public long Length { get; }

        public string Sha256 { get; }

        public string? DeviceSerial { get; }

        public string Layout { get; }

        public DateTime CreatedUtc { get; }

        public TimeSpan Elapsed { get; }
    }
}
