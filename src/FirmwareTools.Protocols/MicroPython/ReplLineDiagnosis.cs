namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>What the bytes seen on a line that did not answer as a MicroPython REPL suggest.</summary>
    public enum ReplLineDiagnosis
    {
        /// <summary>Something came, but not what was expected, and it says nothing more specific.</summary>
        Unexpected,

        /// <summary>Nothing at all came back.</summary>
        Silent,

        /// <summary>The ESP32 ROM bootloader's banner (<c>boot:0x..</c>, <c>waiting for download</c>).</summary>
        Esp32Bootloader,

        /// <summary>Text kept coming after the interrupt and no prompt: a program that catches KeyboardInterrupt.</summary>
        ProgramRunning,

        /// <summary>The friendly REPL's prompt answered, but Ctrl-A brought no raw REPL greeting.</summary>
        RawReplRefused,

        /// <summary>Mostly non-text bytes: a wrong baud rate or another protocol, not MicroPython's REPL.</summary>
        NotMicroPython,
    }
}
