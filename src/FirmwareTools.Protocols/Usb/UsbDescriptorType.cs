namespace FirmwareTools.Protocols.Usb
{
    /// <summary>bDescriptorType values (USB 2.0 table 9-5, plus the class-specific types this module reads).</summary>
    public static class UsbDescriptorType
    {
        public const byte DEVICE = 0x01;
        public const byte CONFIGURATION = 0x02;
        public const byte STRING = 0x03;
        public const byte INTERFACE = 0x04;
        public const byte ENDPOINT = 0x05;
        public const byte INTERFACE_ASSOCIATION = 0x0B;

        /// <summary>DFU functional descriptor (DFU 1.1 §4.1.3). HID uses the same number, so it only means DFU inside a DFU interface.</summary>
        public const byte DFU_FUNCTIONAL = 0x21;
    }
}
