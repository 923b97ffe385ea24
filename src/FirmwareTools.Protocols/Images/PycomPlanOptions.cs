namespace FirmwareTools.Protocols.Images
{
    /// <summary>Choices the user makes about a Pycom package flash.</summary>
    public sealed class PycomPlanOptions
    {
        /// <summary>
        /// Let the script erase and write the config block (0x3FF000, 4 KiB: LoRa/Sigfox MACs, keys, Wi-Fi settings).
        /// False (the default) keeps it: erases and writes are cut around it.
        /// </summary>
        public bool IncludeConfigBlock { get; init; }

        /// <summary>Flash mode, frequency and size for the bootloader header; Pycom's updater uses dio / 80m / detect.</summary>
        public Esp32FlashParameters FlashParameters { get; init; } = Esp32FlashParameters.PycomUpdater;
    }
}
