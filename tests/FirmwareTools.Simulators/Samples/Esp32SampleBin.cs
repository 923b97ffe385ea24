namespace FirmwareTools.Simulators.Samples;

/// <summary>
/// A merged ESP32 .bin shaped like MicroPython's ESP32_GENERIC download: a bootloader image at its start (flash offset
/// 0x1000), 0xFF gaps, the partition table at 0x8000 (nvs, phy_init, factory) and the app image at 0x10000. The app is
/// kept small so flashing it on the virtual board is quick.
/// </summary>
public sealed class Esp32SampleBin : ISampleFirmware
{
    /// <summary>Where MicroPython's merged .bin starts on an ESP32: the second-stage bootloader's offset.</summary>
    public const int BootloaderOffset = 0x1000;

    private const int PartitionTableAt = 0x8000 - BootloaderOffset;
    private const int AppAt = 0x10000 - BootloaderOffset;
    private const int BootloaderLength = 0x4000;
    private const int AppLength = 96 * 1024;

    public string FileName => "ESP32_GENERIC-sample.bin";

    public string Description => "a merged MicroPython .bin for an ESP32, written at 0x1000 (Install-Esp32Firmware)";

    public byte[] Build()
    {
        var random = new Random(0xE5B2);
        var merged = new byte[AppAt + AppLength];
        merged.AsSpan().Fill(0xFF);
        Esp32SampleImages.Image(BootloaderLength, 0x3FFF0000, random).CopyTo(merged, 0);
        Esp32SampleImages.PartitionTable((1, 0x02, 0x9000, 0x6000, "nvs"), (1, 0x01, 0xF000, 0x1000, "phy_init"), (0, 0x00, 0x10000, 0x1F0000, "factory"))
            .CopyTo(merged, PartitionTableAt);
        Esp32SampleImages.Image(AppLength, 0x3F400020, random).CopyTo(merged, AppAt);
        return merged;
    }
}
