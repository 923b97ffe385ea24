namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// Recognises the connection from the port's USB ids as esptool 5.3 does (docs/protocols/esp32-family.md §3.2), and says
    /// which reset each connection uses for -Before DefaultReset and -After HardReset (§3.3).
    /// </summary>
    public static class Esp32Connections
    {
        /// <summary>Espressif's USB vendor id.</summary>
        public const ushort EspressifVendorId = 0x303A;

        /// <summary>The USB-Serial/JTAG peripheral's product id (any chip).</summary>
        public const ushort UsbSerialJtagProductId = 0x1001;

        /// <summary>The S2 ROM's USB-OTG CDC product id (= its image chip id 2).</summary>
        public const ushort S2RomOtgProductId = 0x0002;

        /// <summary>The S3 ROM's USB-OTG CDC product id (= its image chip id 9).</summary>
        public const ushort S3RomOtgProductId = 0x0009;

        /// <summary>
        /// 303A:1001 is the USB-Serial/JTAG, 303A:0002 and 303A:0009 the ROM's OTG CDC, anything else (and no USB ids,
        /// as over socket:// and rfc2217://) a bridge.
        /// </summary>
        public static Esp32Connection FromUsbId(ushort vendorId, ushort productId)
        {
            if (vendorId != EspressifVendorId)
            {
                return Esp32Connection.UsbUartBridge;
            }

            return productId switch
            {
                UsbSerialJtagProductId => Esp32Connection.UsbSerialJtag,
                S2RomOtgProductId or S3RomOtgProductId => Esp32Connection.UsbOtg,
                _ => Esp32Connection.UsbUartBridge,
            };
        }

        /// <inheritdoc cref="FromUsbId(ushort, ushort)"/>
        public static Esp32Connection FromUsbId((ushort VendorId, ushort ProductId)? usbId) =>
            usbId is (ushort vid, ushort pid) ? FromUsbId(vid, pid) : Esp32Connection.UsbUartBridge;

        /// <summary>
        /// What the connection's native USB port runs at: the baud value is nominal on USJ and OTG (USB full speed
        /// whatever is set), so CHANGE_BAUDRATE is skipped there (§5).
        /// </summary>
        public static bool HasRealBaudRate(Esp32Connection connection) => connection == Esp32Connection.UsbUartBridge;

        /// <summary>The reset -Before DefaultReset means on this connection: the bridge cycle, the USB-Serial/JTAG sequence, or none on OTG (the ROM's CDC is already the loader).</summary>
        public static Esp32BeforeMode DefaultBefore(Esp32Connection connection) => connection switch
        {
            Esp32Connection.UsbSerialJtag => Esp32BeforeMode.UsbReset,
            Esp32Connection.UsbOtg => Esp32BeforeMode.NoReset,
            _ => Esp32BeforeMode.DefaultReset,
        };

        /// <summary>How the connection appears in results and messages.</summary>
        public static string Describe(Esp32Connection connection) => connection switch
        {
            Esp32Connection.UsbSerialJtag => "USB-Serial/JTAG",
            Esp32Connection.UsbOtg => "USB-OTG (ROM CDC)",
            _ => "USB-UART bridge",
        };
    }
}
