namespace FirmwareTools.Protocols.Images
{
    /// <summary>An instruction of a Pycom package script (docs/protocols/esp32-rom-loader.md §10.1).</summary>
    public enum PycomScriptOperation
    {
        /// <summary>"e": erase a partition or a raw offset and length.</summary>
        Erase,

        /// <summary>"w": write a member, truncated to the partition's size, the config block kept.</summary>
        Write,

        /// <summary>"o": overwrite with a member as it is (no truncation to the partition size).</summary>
        Overwrite,
    }
}
