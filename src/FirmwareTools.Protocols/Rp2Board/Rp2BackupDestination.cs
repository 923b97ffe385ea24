namespace FirmwareTools.Protocols.Rp2Board
{
    /// <summary>Where Backup-Rp2Firmware writes: the raw file (its sidecar is the same path + .json), and whether existing files may be replaced.</summary>
    public sealed class Rp2BackupDestination
    {
        public Rp2BackupDestination(string path, bool force)
        {
            Path = path;
            Force = force;
        }

        public string Path { get; }

        public bool Force { get; }
    }
}
