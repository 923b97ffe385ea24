namespace FirmwareTools.Protocols.Rp2
{
    /// <summary>bExclusive of EXCLUSIVE_ACCESS.</summary>
    public enum PicobootExclusiveMode : byte
    {
        /// <summary>The drive and PICOBOOT share the flash.</summary>
        NotExclusive = 0,

        /// <summary>Drive writes are refused (RP2040: dropped silently) while PICOBOOT works.</summary>
        Exclusive = 1,

        /// <summary>Exclusive, and the drive reports "medium not present" so the desktop forgets it.</summary>
        ExclusiveAndEject = 2,
    }
}
