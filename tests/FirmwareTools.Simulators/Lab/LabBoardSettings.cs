namespace FirmwareTools.Simulators.Lab;

/// <summary>
/// How a lab board behaves across modes. The re-enumeration delays are the [I] facts of docs/protocols/board-update.md
/// §3.7 and §6 (none measured by us), scaled by <see cref="TimeScale"/>; zero by default so tests never wait. Each fault
/// switch is one of §6's, one test each.
/// </summary>
public sealed class LabBoardSettings
{
    /// <summary>Multiplies every delay below (0 = none).</summary>
    public double TimeScale { get; set; } = 1.0;

    /// <summary>§6 delay_detach: from <c>OK</c> to the application's USB device leaving the bus.</summary>
    public TimeSpan DetachDelay { get; set; }

    /// <summary>§6 delay_enum_bootloader: from leaving to the bootloader device appearing.</summary>
    public TimeSpan BootloaderEnumerationDelay { get; set; }

    /// <summary>§6 delay_boot: from leaving the bootloader to the application's REPL answering.</summary>
    public TimeSpan BootDelay { get; set; }

    /// <summary>Fault: the firmware has no <c>machine.bootloader</c> (an AttributeError comes back).</summary>
    public bool NoBootloaderFunction { get; set; }

    /// <summary>Fault: <c>main.py</c> prints forever when the port opens (Ctrl-C stops it).</summary>
    public bool ProgramRunning { get; set; }

    /// <summary>Fault: the running program catches KeyboardInterrupt and goes on: the raw REPL is never reached.</summary>
    public bool IgnoresInterrupt { get; set; }

    /// <summary>Fault: nothing answers on the port (a board that never answers).</summary>
    public bool Silent { get; set; }

    /// <summary>Fault: the machine string names no known board (<c>Custom board with STM32F405RG</c>).</summary>
    public string? MachineOverride { get; set; }

    /// <summary>Fault: the REPL reports another unique id than the chip's own (the port leads to another board than the one flashed).</summary>
    public string? UniqueIdOverride { get; set; }

    /// <summary>Fault: after <c>machine.bootloader()</c> the port goes and no bootloader device ever appears.</summary>
    public bool BootloaderNeverAppears { get; set; }

    /// <summary>Fault: the bootloader device shows a USB serial that matches nothing the board's unique id gives.</summary>
    public string? BootloaderSerialOverride { get; set; }

    /// <summary>Fault: the DFU jumper is left fitted: after leaving, the board comes back in its bootloader, not MicroPython.</summary>
    public bool ReturnsToBootloaderAfterLeave { get; set; }

    /// <summary>Fault: the bootloader reports success but the board keeps running the image it had (micropython#8924).</summary>
    public bool RunsOldImageAfterFlash { get; set; }

    /// <summary>Fault: after leaving the bootloader the application never comes back.</summary>
    public bool NeverComesBack { get; set; }

    /// <summary>
    /// The USB vendor and product ids the application's port is listed under; null for the board's own (TinyUSB's 303A:4001
    /// on an S2/S3, the USB-Serial/JTAG's 303A:1001 on a C3). A board that sets its own ids in TinyUSB (Adafruit's 239A,
    /// docs/protocols/board-update.md §2.1) keeps the MAC at the start of its serial number; other ids on a C3 stand for a
    /// bridge the module does not know.
    /// </summary>
    public (ushort VendorId, ushort ProductId)? ApplicationUsbId { get; set; }

    /// <summary>
    /// The name the application's port comes back under after the chip restarts from its bootloader; null for the same
    /// name. An OS may give a re-enumerated device another name (§2.3: COM38 → COM33, ttyACM0 → ttyACM1; [O]/[I]).
    /// </summary>
    public string? ReturnsAsPort { get; set; }

    public TimeSpan Scaled(TimeSpan delay) => TimeSpan.FromTicks((long)(delay.Ticks * TimeScale));

    /// <summary>Timings that look like a real lab (§3.7 orders of magnitude; [I]).</summary>
    public static LabBoardSettings Realistic() => new()
    {
        DetachDelay = TimeSpan.FromMilliseconds(50),
        BootloaderEnumerationDelay = TimeSpan.FromMilliseconds(700),
        BootDelay = TimeSpan.FromMilliseconds(800),
    };
}
