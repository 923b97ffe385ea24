namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>The super watchdog (SWD) of an S3, C3 or C6 (docs/protocols/esp32-family.md §3.4): set to feed itself after connecting over USB-Serial/JTAG.</summary>
    public sealed class Esp32SuperWatchdog
    {
        public Esp32SuperWatchdog(uint conf, uint writeProtect, uint key, int autoFeedBit)
        {
            Conf = conf;
            WriteProtect = writeProtect;
            Key = key;
            AutoFeedBit = autoFeedBit;
        }

        /// <summary>SWD_CONF, holding the AUTO_FEED bit.</summary>
        public uint Conf { get; }

        /// <summary>SWD_WPROTECT.</summary>
        public uint WriteProtect { get; }

        /// <summary>The key that unlocks SWD_CONF.</summary>
        public uint Key { get; }

        /// <summary>The AUTO_FEED bit in SWD_CONF.</summary>
        public int AutoFeedBit { get; }
    }
}
