namespace FirmwareTools.Simulators.MicroPython;

/// <summary>What is at the far end of the line.</summary>
public enum VirtualReplBoardMode
{
    /// <summary>MicroPython's REPL.</summary>
    MicroPython,

    /// <summary>An ESP32 held in its ROM bootloader: it printed its boot log and ignores everything else.</summary>
    Esp32Bootloader,

    /// <summary>Nothing answers (a pyboard in DFU mode has no serial port; a wrong port).</summary>
    Silent,

    /// <summary>Every byte received is answered with noise (wrong baud rate, another protocol).</summary>
    Garbage,
}
