namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>What a region's file was recognised as.</summary>
    public enum Esp32RegionKind
    {
        /// <summary>An ESP32 image (bootloader, app, or a MicroPython merged .bin whose first image is the bootloader).</summary>
        Image,

        /// <summary>An ESP-IDF partition table (entries start with AA 50).</summary>
        PartitionTable,

        /// <summary>Raw data, written only because -Force said so.</summary>
        Raw,
    }
}
