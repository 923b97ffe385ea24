namespace FirmwareTools.Simulators.Esp32;

/// <summary>The ESP32-S2 ROM (docs/protocols/esp32-family.md §6.1): magic 0x7C6, 12-byte GET_SECURITY_INFO, BLK1 at 0x3F41A044, SPI1 at 0x3F402000.</summary>
public sealed class VirtualEsp32S2Chip : VirtualEsp32LaterChip
{
    private VirtualEsp32S2Chip()
    {
    }

    public static VirtualEsp32S2Chip Instance { get; } = new();

    public override string Name => "ESP32-S2";

    public override uint ChipId => 2;

    public override uint EfuseBlock1 => 0x3F41A044;

    public override uint? EfuseBlock2 => 0x3F41A05C;

    public override bool ShortSecurityInfo => true;

    public override VirtualSpiRegisters Spi { get; } = VirtualSpiRegisters.Later(0x3F402000);

    public override (int Major, int Minor) DefaultRevision => (1, 0);

    /// <summary>The S2's download-mode boot line was not seen [U §2.5]: the S3's form with the S2's ROM lines.</summary>
    public override string DownloadBanner => Banner("ESP-ROM:esp32s2-rc4-20191025", "Build:Oct 25 2019", "boot:0x0 (DOWNLOAD(USB/UART0/1))", download: true);

    public override string FlashBootLog => Banner("ESP-ROM:esp32s2-rc4-20191025", "Build:Oct 25 2019", "boot:0x8 (SPI_FAST_FLASH_BOOT)", download: false);

    public override uint? ForceDownloadRegister => 0x3F408128;

    public override VirtualRtcWatchdogRegisters RtcWatchdogRegisters => VirtualRtcWatchdogRegisters.S2;

    public override uint Magic(VirtualEsp32Settings settings) => 0x000007C6;

    /// <summary>w3: major 19:18, minor bit 3 at 20, flash cap 24:21, PSRAM cap 31:28; w4: minor 2:0 at 6:4, package 3:0.</summary>
    protected override void FillIdentity(uint[] words, VirtualEsp32Settings settings)
    {
        int minor = settings.MinorRevision;
        words[3] = ((uint)(settings.MajorRevision & 3) << 18) | ((uint)((minor >> 3) & 1) << 20)
                   | ((uint)(settings.EmbeddedFlashCapability & 0xF) << 21) | ((uint)(settings.EmbeddedPsramCapability & 0xF) << 28);
        words[4] = ((uint)(minor & 7) << 4) | (uint)(settings.PackageVersion & 0xF);
    }

    /// <summary>BLK2 w4 6:4: the ADC calibration version (<see cref="VirtualEsp32Settings.BlockVersionMajor"/> on the S2).</summary>
    protected override uint Block2Word4(VirtualEsp32Settings settings) => (uint)(settings.BlockVersionMajor & 7) << 4;
}
