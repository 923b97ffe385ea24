using System;

namespace FirmwareTools.Protocols.Rp2Board
{
    /// <summary>A flash backup written by Backup-Rp2Firmware: the raw file and its .json sidecar.</summary>
    public sealed class Rp2BackupResult
    {
        public Rp2BackupResult(string path, string sidecarPath, string board, long length, string sha256, TimeSpan duration)
        {
            Path = path;
            SidecarPath = sidecarPath;
            Board = board;
            Length = length;
            Sha256 = sha256;
            Duration = duration;
        }

        public string Path { get; }

        public string SidecarPath { get; }

        public string Board { get; }

        public long Length { get; }

        public string Sha256 { get; }

        public TimeSpan Duration { get; }

        public override string ToString() => $"{Board}: {ByteSize.Format(Length)} to {Path}";
    }
}
