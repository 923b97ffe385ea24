namespace FirmwareTools.Protocols.Usb
{
    /// <summary>The 8-byte SETUP packet of a control transfer (USB 2.0 §9.3).</summary>
    public readonly struct UsbSetupPacket
    {
        /// <summary>bmRequestType bit 7: device-to-host.</summary>
        public const byte DirectionIn = 0x80;

        public UsbSetupPacket(byte requestType, byte request, ushort value, ushort index, ushort length)
        {
            RequestType = requestType;
            Request = request;
            Value = value;
            Index = index;
            Length = length;
        }

        public byte RequestType { get; }

        public byte Request { get; }

        public ushort Value { get; }

        public ushort Index { get; }

        public ushort Length { get; }

        public bool IsDeviceToHost => (RequestType & DirectionIn) != 0;

        public override string ToString() =>
            $"bmRequestType=0x{RequestType:X2} bRequest=0x{Request:X2} wValue=0x{Value:X4} wIndex=0x{Index:X4} wLength={Length}";
    }
}
