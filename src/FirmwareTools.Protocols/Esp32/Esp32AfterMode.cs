namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>What to do when the write is verified (esptool --after, docs/protocols/esp32-rom-loader.md §3.3).</summary>
    public enum Esp32AfterMode
    {
        /// <summary>Pulse RTS (EN): the chip boots the new firmware.</summary>
        HardReset,

        /// <summary>Stay in the ROM loader (boards without auto-reset lines: remove the jumper and press reset).</summary>
        NoReset,
    }
}
