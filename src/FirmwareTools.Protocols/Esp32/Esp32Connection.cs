namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>How the host reaches the chip's ROM loader (docs/protocols/esp32-family.md §3.1); it decides the resets.</summary>
    public enum Esp32Connection
    {
        /// <summary>A USB-UART bridge (CP210x, CH34x, FTDI) on UART0, DTR/RTS wired to the boot pin and EN: every ESP32 board with one.</summary>
        UsbUartBridge,

        /// <summary>
        /// The chip's own USB-Serial/JTAG peripheral (303A:1001; S3, C3, C6): DTR/RTS are decoded by the peripheral, a reset
        /// through them is a core reset, and the RTC watchdog must be disabled after connecting.
        /// </summary>
        UsbSerialJtag,

        /// <summary>
        /// The ROM's own USB-OTG CDC port (303A:0002 on the S2, 303A:0009 on the S3): DTR/RTS are not dependable, the chip
        /// leaves the loader through a watchdog reset, and the port vanishes and comes back under another name.
        /// </summary>
        UsbOtg,
    }
}
