using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Simulators.Rp2;

/// <summary>
/// How the virtual RP2040/RP2350 boot ROM behaves (docs/protocols/rp2-uf2-picoboot.md §5). Chip facts [S] follow <see cref="Chip"/>; every [I]/[U]
/// timing is a named setting, zero ("fast") by default; <see cref="Realistic"/> gives the protocol notes' realistic column.
/// </summary>
public sealed class VirtualRp2Settings
{
    public Rp2Chip Chip { get; set; } = Rp2Chip.Rp2040;

    /// <summary>Flash size; 0 = the chip's Pico (2 MiB RP2040, 4 MiB RP2350). Addresses past it alias.</summary>
    public uint FlashSize { get; set; }

    /// <summary>RP2350 OTP CHIPID (word 1 high, word 0 low): the BOOTSEL serial is its 16 uppercase hex digits [S].</summary>
    public ulong ChipId { get; set; } = 0x1C2B3A4958675F6E;

    /// <summary>RP2040 flash unique id (SPI 0x4B): MicroPython's serial after boot.</summary>
    public ulong FlashUniqueId { get; set; } = 0xE6614C311B8E2F37;

    /// <summary>RP2040 B2 BOOTSEL serial: the same on every chip of the ROM revision [S][O].</summary>
    public string Rp2040BootselSerial { get; set; } = "E0C9125B0D9B";

    /// <summary>4 KiB sector erase time [U]: 0 fast, 45 ms typical (Winbond W25Q-class).</summary>
    public TimeSpan SectorEraseTime { get; set; }

    /// <summary>256-byte page program time [U]: 0 fast, 0.4 ms typical.</summary>
    public TimeSpan PageProgramTime { get; set; }

    /// <summary>Full-speed bulk throughput in bytes per second [I]: null = unlimited; 64-byte packets, 19 per 1 ms frame = 1 216 000.</summary>
    public double? BulkBytesPerSecond { get; set; }

    /// <summary>UF2 completion → reboot delay [S]: 1000 ms RP2040, 500 ms RP2350; null = the chip's value.</summary>
    public TimeSpan? Uf2RebootDelay { get; set; }

    /// <summary>Reboot → MicroPython's CDC device on the bus [I]: 0 fast, 1.5 s realistic.</summary>
    public TimeSpan AppBootTime { get; set; }

    /// <summary>Multiplies every modelled duration; 1.0 is real time.</summary>
    public double TimeScale { get; set; } = 1.0;

    /// <summary>After a reboot, take the BOOTSEL device off the bus and plug in what boots (MicroPython, or BOOTSEL again).</summary>
    public bool Reenumerate { get; set; } = true;

    public uint EffectiveFlashSize => FlashSize != 0 ? FlashSize : Chip == Rp2Chip.Rp2040 ? 2u << 20 : 4u << 20;

    public TimeSpan EffectiveUf2RebootDelay => Uf2RebootDelay ?? TimeSpan.FromMilliseconds(Chip == Rp2Chip.Rp2040 ? 1000 : 500);

    public string BootselSerial => Chip == Rp2Chip.Rp2040 ? Rp2040BootselSerial : ChipId.ToString("X16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The realistic column of docs/protocols/rp2-uf2-picoboot.md: 45 ms erase, 0.4 ms program, full-speed bulk 1.216 MB/s, 1.5 s app boot.</summary>
    public static VirtualRp2Settings Realistic(Rp2Chip chip) => new()
    {
        Chip = chip,
        SectorEraseTime = TimeSpan.FromMilliseconds(45),
        PageProgramTime = TimeSpan.FromMilliseconds(0.4),
        BulkBytesPerSecond = 64 * 19 * 1000,
        AppBootTime = TimeSpan.FromMilliseconds(1500),
    };
}
