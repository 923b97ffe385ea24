namespace FirmwareTools.Simulators.Esp32;

/// <summary>The ESP32-C3 ROM (docs/protocols/esp32-family.md §6.1): one of four magic values, chip id 5, API version 3, BLK1 at 0x60008844, SPI1 at 0x60002000.</summary>
public sealed class VirtualEsp32C3Chip : VirtualEsp32LaterChip
{
    private VirtualEsp32C3Chip()
    {
    }

    public static VirtualEsp32C3Chip Instance { get; } = new();

    public override string Name => "ESP32-C3";

    public override uint ChipId => 5;

    public override uint EfuseBlock1 => 0x60008844;

    public override uint DefaultApiVersion => 3;

    public override VirtualSpiRegisters Spi { get; } = VirtualSpiRegisters.Later(0x60002000);

    public override (int Major, int Minor) DefaultRevision => (0, 4);

    public override string DownloadBanner => Banner("ESP-ROM:esp32c3-api1-20210207", "Build:Feb  7 2021", "boot:0x5 (DOWNLOAD(USB/UART0/1))", download: true);

    public override string FlashBootLog => Banner("ESP-ROM:esp32c3-api1-20210207", "Build:Feb  7 2021", "boot:0xc (SPI_FAST_FLASH_BOOT)", download: false);

    public override VirtualRtcWatchdogRegisters RtcWatchdogRegisters => VirtualRtcWatchdogRegisters.C3;

    public override uint Magic(VirtualEsp32Settings settings) => settings.C3MagicValue;

    /// <summary>w3: package 23:21, minor 2:0 at 20:18, flash cap 29:27; w4: flash vendor 2:0; w5: major 25:24, minor bit 3 at 23.</summary>
    protected override void FillIdentity(uint[] words, VirtualEsp32Settings settings)
    {
        int minor = settings.MinorRevision;
        words[3] = ((uint)(settings.PackageVersion & 7) << 21) | ((uint)(minor & 7) << 18) | ((uint)(settings.EmbeddedFlashCapability & 7) << 27);
        words[4] = (uint)(settings.EmbeddedFlashVendor & 7);
        words[5] = ((uint)(settings.MajorRevision & 3) << 24) | ((uint)((minor >> 3) & 1) << 23);
    }
}
