namespace FirmwareTools.Simulators.Esp32;

/// <summary>
/// What one chip's ROM answers differently (docs/protocols/esp32-family.md §6.1): the magic at 0x40001000, its eFuse
/// and other registers, where its SPI1 user-command registers are, GET_SECURITY_INFO (unsupported on the ESP32), the
/// BEGIN length it takes, its status length and its banners. The board's ROM (VirtualEsp32Board.Rom.cs) asks the chip
/// of <see cref="VirtualEsp32Settings.Chip"/> and is otherwise the same for all. The simulator's own constants: it
/// does not use the module's (SimulatorIndependenceTests).
/// </summary>
public abstract class VirtualEsp32Chip
{
    public const uint ChipDetectMagicRegister = 0x40001000;

    /// <summary>The chip of <paramref name="kind"/>.</summary>
    public static VirtualEsp32Chip For(VirtualEsp32ChipKind kind) => kind switch
    {
        VirtualEsp32ChipKind.Esp32 => VirtualEsp32OriginalChip.Instance,
        VirtualEsp32ChipKind.Esp32S2 => VirtualEsp32S2Chip.Instance,
        VirtualEsp32ChipKind.Esp32S3 => VirtualEsp32S3Chip.Instance,
        VirtualEsp32ChipKind.Esp32C3 => VirtualEsp32C3Chip.Instance,
        VirtualEsp32ChipKind.Esp32C6 => VirtualEsp32C6Chip.Instance,
        VirtualEsp32ChipKind.Esp8266 => VirtualEsp8266Chip.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No such virtual chip."),
    };

    /// <summary>The name esptool gives the chip (ESP32-S3).</summary>
    public abstract string Name { get; }

    /// <summary>Status bytes at the end of every ROM reply: 4 on the ESP32 family, 2 on the ESP8266 (§1, §8).</summary>
    public virtual int StatusLength => 4;

    /// <summary>SPI1's user-command registers (§1, §2.1).</summary>
    public abstract VirtualSpiRegisters Spi { get; }

    /// <summary>The revision the note suggests for the virtual chip (§6.1).</summary>
    public abstract (int Major, int Minor) DefaultRevision { get; }

    /// <summary>What the ROM prints when it boots into download mode (§2.5).</summary>
    public abstract string DownloadBanner { get; }

    /// <summary>What the ROM prints when it boots from flash.</summary>
    public abstract string FlashBootLog { get; }

    /// <summary>
    /// RTC_CNTL_OPTION1, whose bit 0 (FORCE_DOWNLOAD_BOOT) sends the chip into its loader on the next reset that is not a
    /// power-on (docs/protocols/esp32-family.md §2.6, §3.3); null where the note has no address (ESP32, C6; the C3's is [U]).
    /// </summary>
    public virtual uint? ForceDownloadRegister => null;

    /// <summary>
    /// The chip's RTC watchdog and super watchdog (docs/protocols/esp32-family.md §3.3, §3.4 [S]); null on the ESP32 and
    /// the ESP8266, which have neither USB-Serial/JTAG nor an OTG ROM port.
    /// </summary>
    public virtual VirtualRtcWatchdogRegisters? RtcWatchdogRegisters => null;

    /// <summary>READ_REG of <see cref="ChipDetectMagicRegister"/>.</summary>
    public abstract uint Magic(VirtualEsp32Settings settings);

    /// <summary>Whether FLASH_BEGIN / FLASH_DEFL_BEGIN with a payload of <paramref name="length"/> bytes is taken (16 on the ESP32 ROM, 20 on the later ones).</summary>
    public abstract bool AcceptsBeginLength(int length, VirtualEsp32Settings settings);

    /// <summary>GET_SECURITY_INFO's body (before the status), or null when this ROM does not know the command.</summary>
    public abstract byte[]? SecurityInfo(VirtualEsp32Settings settings);

    /// <summary>A register this chip models (eFuses, clocks, straps); false for RAM and other registers, which read what was written.</summary>
    public abstract bool TryReadRegister(uint address, VirtualEsp32Settings settings, int boardBaud, out uint value);
}
