namespace FirmwareTools.Protocols.Rp2
{
    /// <summary>The USB ids of Raspberry Pi boards (vendor 0x2E8A) and the PICOBOOT interface's class.</summary>
    public static class Rp2UsbIds
    {
        public const ushort VendorId = 0x2E8A;

        /// <summary>RP2040 boot ROM in BOOTSEL mode ("RP2 Boot").</summary>
        public const ushort Rp2040Bootsel = 0x0003;

        /// <summary>RP2350 boot ROM in BOOTSEL mode ("RP2350 Boot").</summary>
        public const ushort Rp2350Bootsel = 0x000F;

        /// <summary>MicroPython running on an rp2 board (CDC only).</summary>
        public const ushort MicroPython = 0x0005;

        /// <summary>PICOBOOT is a vendor interface: class 0xFF, subclass 0, protocol 0.</summary>
        public const byte PicobootInterfaceClass = 0xFF;
    }
}
