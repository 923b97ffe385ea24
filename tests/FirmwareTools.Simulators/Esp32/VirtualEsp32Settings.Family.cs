namespace FirmwareTools.Simulators.Esp32;

/// <summary>
/// The chip the virtual board carries and the family facts of docs/protocols/esp32-family.md §6 that are [I] or [U]
/// there, each a named setting with the note's value as the default. <see cref="ForChip"/> gives a board of one chip
/// with the note's suggested defaults (MAC 60:55:F9:01:02:03, revisions S2 v1.0, S3 v0.2, C3 v0.4, C6 v0.1, its banner).
/// </summary>
public sealed partial record VirtualEsp32Settings
{
    /// <summary>The family MAC of §6.1's defaults.</summary>
    public static readonly IReadOnlyList<byte> FamilyMac = [0x60, 0x55, 0xF9, 0x01, 0x02, 0x03];

    /// <summary>The chip whose ROM the board has (§6.1). The ESP32 is the default, as before the family.</summary>
    public VirtualEsp32ChipKind Chip { get; set; } = VirtualEsp32ChipKind.Esp32;

    /// <summary>FLASH_BEGIN / FLASH_DEFL_BEGIN must carry 20 bytes on S2/S3/C3/C6: whether their ROMs also take 16 is not known [U §10]; strict by default.</summary>
    public bool Require20ByteBegin { get; set; } = true;

    /// <summary>The C3's magic: one of four, one per ECO; which ECO has which is not confirmed [U §2.1].</summary>
    public uint C3MagicValue { get; set; } = 0x4361606F;

    /// <summary>GET_SECURITY_INFO's api_version; null = the chip's: C3 3 [O through a stub], others 0 [U §2.2].</summary>
    public uint? SecurityInfoApiVersion { get; set; }

    /// <summary>GET_SECURITY_INFO's 7 key purposes [O for the C3: (0,0,0,0,0,0,12) through a stub]; zeros by default.</summary>
    public IReadOnlyList<byte> KeyPurposes { get; set; } = [0, 0, 0, 0, 0, 0, 0];

    /// <summary>Secure download mode: READ_REG is refused with 01 05 and GET_SECURITY_INFO's flags have bit 2 (§2.7 step 4).</summary>
    public bool SecureDownloadMode { get; set; }

    /// <summary>Embedded flash capability eFuse (S2 w3 24:21, S3/C3 w3 29:27, C6 w4 2:0; §2.3). 0 = external flash.</summary>
    public int EmbeddedFlashCapability { get; set; }

    /// <summary>Flash vendor eFuse (S3/C3 w4 2:0; 1 = XMC).</summary>
    public int EmbeddedFlashVendor { get; set; }

    /// <summary>Embedded PSRAM capability eFuse (S2 w3 31:28, S3 w4 4:3 | w5 bit 19 &lt;&lt; 2).</summary>
    public int EmbeddedPsramCapability { get; set; }

    /// <summary>PSRAM vendor eFuse (S3 w4 8:7; 1 = AP_3v3).</summary>
    public int EmbeddedPsramVendor { get; set; }

    /// <summary>S2: BLK2 w4 6:4, the ADC calibration version; S3: BLK2 w4 1:0, BLK_VERSION_MAJOR (1 with <see cref="BlockVersionMinor"/> 1 marks an ECO0 part).</summary>
    public int BlockVersionMajor { get; set; }

    /// <summary>S3: w3 26:24, BLK_VERSION_MINOR.</summary>
    public int BlockVersionMinor { get; set; }

    /// <summary>Whether the S2's ROM clears FORCE_DOWNLOAD_BOOT when it boots into the loader because of it: not known [U §10]; esptool clears it only on the S3.</summary>
    public bool S2ClearsForceDownloadOnBoot { get; set; }

    /// <summary>A board of <paramref name="chip"/> with the note's suggested defaults (§6.1) and its download banner (§2.5).</summary>
    public static VirtualEsp32Settings ForChip(VirtualEsp32ChipKind chip, VirtualEsp32Settings? basis = null)
    {
        VirtualEsp32Settings settings = (basis ?? new VirtualEsp32Settings()) with { Chip = chip };
        if (chip is VirtualEsp32ChipKind.Esp32)
        {
            return settings;
        }

        VirtualEsp32Chip personality = VirtualEsp32Chip.For(chip);
        settings.Mac = FamilyMac;
        settings.MajorRevision = personality.DefaultRevision.Major;
        settings.MinorRevision = personality.DefaultRevision.Minor;
        settings.DownloadBootBanner = personality.DownloadBanner;
        settings.FlashBootLog = personality.FlashBootLog;
        return settings;
    }
}
