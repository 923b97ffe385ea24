namespace FirmwareTools.Simulators.Lab;

/// <summary>The boards a virtual lab holds (docs/protocols/board-update.md §3): each its own way into the bootloader and back.</summary>
public enum LabBoardKind
{
    /// <summary>A PYBV11: machine.bootloader() → the F405's ROM DFU device → the application.</summary>
    Pyboard,

    /// <summary>An ESP32 DevKit behind a USB-UART bridge: DTR/RTS into the ROM loader on the same port.</summary>
    Esp32,

    /// <summary>A Raspberry Pi Pico (RP2040): machine.bootloader() → BOOTSEL (serial E0C9125B0D9B on every chip) → the application.</summary>
    Pico,

    /// <summary>A Raspberry Pi Pico 2 (RP2350): BOOTSEL with the chip id as its serial.</summary>
    Pico2,
}
