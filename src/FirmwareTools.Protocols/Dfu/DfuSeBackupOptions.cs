namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>Choices for <see cref="DfuSeFlashReader.Backup"/>.</summary>
    public sealed class DfuSeBackupOptions
    {
        /// <summary>Start address; default: the start of the layout's first readable segment (0x08000000).</summary>
        public uint? Address { get; init; }

        /// <summary>
        /// Bytes to read; default: everything readable from the start address to the end of that contiguous
        /// readable memory (1 MiB on an F405 from 0x08000000). Unlike dfu-util, an address alone never
        /// silently means "to the end of the first segment" (64 KiB).
        /// </summary>
        public long? Length { get; init; }

        /// <summary>Overwrite an existing backup file and its sidecar.</summary>
        public bool Force { get; init; }
    }
}
