namespace FirmwareTools.Simulators.Esp32;

/// <summary>What the virtual ESP32 is doing (docs/protocols/esp32-rom-loader.md §8.2). There is no stub state: we never upload one.</summary>
public enum Esp32BoardState
{
    /// <summary>EN is low (RTS asserted on the DevKit circuit) or EN has just risen and the chip has not sampled its straps yet: every received byte is lost.</summary>
    InReset,

    /// <summary>The ROM serial download loader (GPIO0 was low when EN rose): SLIP frames, 4 status bytes.</summary>
    RomDownload,

    /// <summary>The application in flash runs: boot log, then (optionally) a MicroPython REPL that echoes input.</summary>
    RunApp,
}
