namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>How to get the chip into its ROM loader before SYNC (esptool --before, docs/protocols/esp32-rom-loader.md §3.3).</summary>
    public enum Esp32BeforeMode
    {
        /// <summary>Cycle the DTR/RTS reset strategies (UnixTightReset, ClassicReset with both delays).</summary>
        DefaultReset,

        /// <summary>USBJTAGSerialReset, for chips with the USB-Serial/JTAG peripheral.</summary>
        UsbReset,

        /// <summary>No line toggling: the user strapped the chip (Pycom Expansion Board 2.0 jumper); only SYNC.</summary>
        NoReset,

        /// <summary>
        /// Pycom Expansion Board 3 / Pysense / Pytrack: the carrier's PIC holds GPIO0 low and resets the module through
        /// its 5-data-bit command channel (docs/protocols/esp32-rom-loader.md §3.6); afterwards it releases GPIO0 and resets again. No jumper needed.
        /// </summary>
        PycomPic,
    }
}
