namespace FirmwareTools.Simulators.Esp32;

/// <summary>How the virtual board is reached (docs/protocols/esp32-family.md §3.1, §6.1): decides what DTR/RTS do and what a reset does to the port.</summary>
public enum VirtualEsp32Link
{
    /// <summary>A USB-UART bridge with the DevKit auto-reset circuit (esp32-rom-loader.md §3.1).</summary>
    UsbUartBridge,

    /// <summary>The chip's USB-Serial/JTAG (303A:1001): the §3.3 line table, core resets only, stays enumerated.</summary>
    UsbSerialJtag,

    /// <summary>The ROM's USB-OTG CDC (303A:0002 S2, 303A:0009 S3): lines ignored; every reset re-enumerates the port under a new name.</summary>
    UsbOtg,
}
