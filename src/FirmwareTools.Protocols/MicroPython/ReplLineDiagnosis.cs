namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>What the bytes seen on a line that did not answer as a MicroPython REPL suggest.</summary>
    public enum ReplLineDiagnosis
    {
        /// <summary>Something came, but not what was expected (garbage, wrong baud, a program that prints forever).</summary>
        Unexpected,

        /// <summary>Nothing at all came back.</summary>
        Silent,

        /// <summary>The ESP32 ROM bootloader's banner (<c>boot:0x..</c>, <c>waiting for download</c>).</summary>
        Esp32Bootloader,
    }
}
