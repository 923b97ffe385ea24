using System;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Rp2Board
{
    /// <summary>One board written by Install-Rp2Firmware.</summary>
    public sealed class Rp2InstallResult
    {
        public string Board { get; set; } = string.Empty;

        public Rp2Chip Chip { get; set; }

        public string? SerialNumber { get; set; }

        public string Location { get; set; } = string.Empty;

        public Rp2InstallMethod Method { get; set; }

        public string Path { get; set; } = string.Empty;

        /// <summary>The family written, e.g. RP2350_ARM_S.</summary>
        public string Family { get; set; } = string.Empty;

        /// <summary>Bytes of firmware written.</summary>
        public long Length { get; set; }

        public int SectorsErased { get; set; }

        /// <summary>True only when every written page was read back and matched (PICOBOOT); a drive copy cannot be read back.</summary>
        public bool Verified { get; set; }

        /// <summary>How success was established: "read back" or "left BOOTSEL (a drive copy cannot be read back)".</summary>
        public string Verification { get; set; } = string.Empty;

        public bool Rebooted { get; set; }

        public TimeSpan Duration { get; set; }

        public override string ToString() => $"{Board}: {Family} {ByteSize.Format(Length)} by {Method}, {Verification}";
    }
}
