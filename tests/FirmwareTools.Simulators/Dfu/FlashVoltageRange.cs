namespace FirmwareTools.Simulators.Dfu;

/// <summary>
/// The STM32F4 programming parallelism (DS8626 Table 40 columns, docs/protocols/dfu-dfuse.md §6.2). Which one the ROM bootloader
/// uses is not established [U], so the simulator makes it a setting. It picks both the erase times and the
/// program unit (x8 programs bytes, x16 half-words, x32 words).
/// </summary>
public enum FlashVoltageRange
{
    /// <summary>1.8-3.6 V, byte programming: the slowest column.</summary>
    X8 = 1,

    /// <summary>2.1-3.6 V, half-word programming.</summary>
    X16 = 2,

    /// <summary>2.7-3.6 V, word programming: a pyboard runs at 3.3 V, so this is the default.</summary>
    X32 = 4,
}
