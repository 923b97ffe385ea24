namespace FirmwareTools.Simulators.Esp32;

/// <summary>The ESP32-S3 ROM (docs/protocols/esp32-family.md §6.1): magic 9, chip id 9, BLK1 at 0x60007044, SPI1 at 0x60002000.</summary>
public sealed class VirtualEsp32S3Chip : VirtualEsp32LaterChip
{
    private VirtualEsp32S3Chip()
    {
    }

    public static VirtualEsp32S3Chip Instance { get; } = new();

    public override string Name => "ESP32-S3";

    public override uint ChipId => 9;

    public override uint EfuseBlock1 => 0x60007044;

    public override uint? EfuseBlock2 => 0x6000705C;

    public override VirtualSpiRegisters Spi { get; } = VirtualSpiRegisters.Later(0x60002000);

    public override (int Major, int Minor) DefaultRevision => (0, 2);

    public override string DownloadBanner => Banner("ESP-ROM:esp32s3-20210327", "Build:Mar 27 2021", "boot:0x0 (DOWNLOAD(USB/UART0))", download: true);

    public override string FlashBootLog => Banner("ESP-ROM:esp32s3-20210327", "Build:Mar 27 2021", "boot:0x8 (SPI_FAST_FLASH_BOOT)", download: false);

    public override uint? ForceDownloadRegister => 0x6000812C;

    public override VirtualRtcWatchdogRegisters RtcWatchdogRegisters => VirtualRtcWatchdogRegisters.S3;

    public override uint Magic(VirtualEsp32Settings settings) => 0x00000009;

    /// <summary>
    /// w3: package 23:21, minor 2:0 at 20:18, BLK_VERSION_MINOR 26:24, flash cap 29:27; w4: flash vendor 2:0, PSRAM cap
    /// 1:0 at 4:3, PSRAM vendor 8:7; w5: major 25:24, minor bit 3 at 23, PSRAM cap bit 2 at 19.
    /// </summary>
    protected override void FillIdentity(uint[] words, VirtualEsp32Settings settings)
    {
        int minor = settings.MinorRevision;
        int psram = settings.EmbeddedPsramCapability;
        words[3] = ((uint)(settings.PackageVersion & 7) << 21) | ((uint)(minor & 7) << 18)
                   | ((uint)(settings.BlockVersionMinor & 7) << 24) | ((uint)(settings.EmbeddedFlashCapability & 7) << 27);
        words[4] = (uint)(settings.EmbeddedFlashVendor & 7) | ((uint)(psram & 3) << 3) | ((uint)(settings.EmbeddedPsramVendor & 3) << 7);
        words[5] = ((uint)(settings.MajorRevision & 3) << 24) | ((uint)((minor >> 3) & 1) << 23) | ((uint)((psram >> 2) & 1) << 19);
    }

    /// <summary>BLK2 w4 1:0: BLK_VERSION_MAJOR.</summary>
    protected override uint Block2Word4(VirtualEsp32Settings settings) => (uint)(settings.BlockVersionMajor & 3);
}
