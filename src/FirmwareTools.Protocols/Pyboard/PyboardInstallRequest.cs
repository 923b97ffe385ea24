namespace FirmwareTools.Protocols.Pyboard
{
    /// <summary>What the user asked Install-PyboardFirmware to do, as plain values (no PowerShell types).</summary>
    public sealed class PyboardInstallRequest
    {
        /// <summary>Full path of the firmware file: a DfuSe .dfu, a plain DFU file, or a raw image.</summary>
        public string Path { get; init; } = string.Empty;

        /// <summary>Where a raw or plain-DFU image goes (restore). Refused for DfuSe files, which carry their own addresses.</summary>
        public uint? Address { get; init; }

        /// <summary>Read every written byte back and compare.</summary>
        public bool Verify { get; init; }

        /// <summary>Stay in DFU mode after writing instead of starting the new firmware.</summary>
        public bool NoReset { get; init; }

        /// <summary>Mass-erase the chip instead of only the sectors the firmware touches: wipes the pyboard's filesystem.</summary>
        public bool FullErase { get; init; }

        /// <summary>Read the whole internal flash to this file (plus its .json sidecar) before anything is erased.</summary>
        public string? BackupPath { get; init; }

        /// <summary>Override the safety refusals: a bad suffix CRC, a suffix naming another device.</summary>
        public bool Force { get; init; }
    }
}
