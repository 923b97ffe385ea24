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

    /// <summary>An ESP32-S3 on native USB (TinyUSB 303A:4001): machine.bootloader() → the ROM's USB-Serial/JTAG port (303A:1001) → the application's port again.</summary>
    Esp32S3,

    /// <summary>An ESP32-S2 on native USB (TinyUSB 303A:4001): machine.bootloader() → the ROM's OTG CDC (303A:0002, serial 0) → a watchdog reset → the application's port again.</summary>
    Esp32S2,

    /// <summary>An ESP32-C3 on its USB-Serial/JTAG (303A:1001): the USJ reset into the ROM on the same device and an RTS reset back.</summary>
    Esp32C3,
}
