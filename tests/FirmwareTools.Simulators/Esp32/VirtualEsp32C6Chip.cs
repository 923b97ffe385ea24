namespace FirmwareTools.Simulators.Esp32;

/// <summary>The ESP32-C6 ROM (docs/protocols/esp32-family.md §6.1): magic 0x2CE0806F, chip id 13, BLK1 at 0x600B0844 (MAC_EXT ff:fe), SPI1 at 0x60003000.</summary>
public sealed class VirtualEsp32C6Chip : VirtualEsp32LaterChip
{
    private VirtualEsp32C6Chip()
    {
    }

    public static VirtualEsp32C6Chip Instance { get; } = new();

    public override string Name => "ESP32-C6";

    public override uint ChipId => 13;

    public override uint EfuseBlock1 => 0x600B0844;

    public override VirtualSpiRegisters Spi { get; } = VirtualSpiRegisters.Later(0x60003000);

    public override (int Major, int Minor) DefaultRevision => (0, 1);

    public override string DownloadBanner => Banner("ESP-ROM:esp32c6-20220919", "Build:Sep 19 2022", "boot:0x4 (DOWNLOAD(USB/UART0/SDIO_FEI_FEO))", download: true);

    public override string FlashBootLog => Banner("ESP-ROM:esp32c6-20220919", "Build:Sep 19 2022", "boot:0xc (SPI_FAST_FLASH_BOOT)", download: false);

    public override VirtualRtcWatchdogRegisters RtcWatchdogRegisters => VirtualRtcWatchdogRegisters.C6;

    public override uint Magic(VirtualEsp32Settings settings) => 0x2CE0806F;

    /// <summary>w1: MAC_EXT ff:fe in 31:16 (real chips, §2.3); w3: package 26:24, major 23:22, minor 21:18; w4: flash cap 2:0.</summary>
    protected override void FillIdentity(uint[] words, VirtualEsp32Settings settings)
    {
        words[1] |= 0xFFFEu << 16;
        words[3] = ((uint)(settings.PackageVersion & 7) << 24) | ((uint)(settings.MajorRevision & 3) << 22) | ((uint)(settings.MinorRevision & 0xF) << 18);
        words[4] = (uint)(settings.EmbeddedFlashCapability & 7);
    }
}
