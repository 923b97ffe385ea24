namespace FirmwareTools.Simulators.Esp32;

/// <summary>
/// Where a chip's RTC watchdog and super watchdog live (docs/protocols/esp32-family.md §3.3, §3.4 [S]): the virtual
/// board watches writes there to know whether the client disabled the watchdog, or asked for a watchdog reset.
/// </summary>
public sealed record VirtualRtcWatchdogRegisters(uint Config0, uint Config1, uint WriteProtect, uint SwdConf, uint SwdWriteProtect, uint SwdKey, int SwdAutoFeedBit)
{
    /// <summary>The write-protect key of the RTC watchdog on every chip.</summary>
    public const uint WdtKey = 0x50D83AA1;

    public static VirtualRtcWatchdogRegisters S3 { get; } = new(0x60008098, 0x6000809C, 0x600080B0, 0x600080B4, 0x600080B8, 0x8F1D312A, 31);

    public static VirtualRtcWatchdogRegisters C3 { get; } = new(0x60008090, 0x60008094, 0x600080A8, 0x600080AC, 0x600080B0, 0x8F1D312A, 31);

    public static VirtualRtcWatchdogRegisters C6 { get; } = new(0x600B1C00, 0x600B1C04, 0x600B1C18, 0x600B1C1C, 0x600B1C20, 0x50D83AA1, 18);

    /// <summary>The S2 has no USB-Serial/JTAG; its watchdog serves only the OTG watchdog reset (no super watchdog here).</summary>
    public static VirtualRtcWatchdogRegisters S2 { get; } = new(0x3F408094, 0x3F408098, 0x3F4080AC, 0, 0, 0, 0);
}
