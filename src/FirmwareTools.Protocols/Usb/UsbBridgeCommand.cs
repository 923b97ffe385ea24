namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// The requests of the loopback USB bridge protocol (version 1). Every message on the TCP stream is a
    /// 4-byte little-endian body length followed by the body. A request body is one command byte and its
    /// little-endian fields; a response body is one <see cref="UsbBridgeStatus"/> byte and then either the
    /// result bytes (on <see cref="UsbBridgeStatus.Ok"/>) or a UTF-8 message. A connection answers its
    /// requests in order, one at a time. The simulators serve it (UsbBridgeServer) so that clients nobody
    /// here wrote (webdfu through tests/peers/webusb-bridge.js) can drive a virtual device.
    /// </summary>
    public enum UsbBridgeCommand : byte
    {
        /// <summary>No fields. Result: the 18-byte device descriptor.</summary>
        GetDeviceDescriptor = 0x01,

        /// <summary>u8 configuration index. Result: the whole configuration descriptor (wTotalLength bytes).</summary>
        GetConfigurationDescriptor = 0x02,

        /// <summary>No fields, no result.</summary>
        Open = 0x03,

        /// <summary>No fields, no result. Releases the interfaces this connection claimed.</summary>
        Close = 0x04,

        /// <summary>u8 interface number, no result.</summary>
        ClaimInterface = 0x05,

        /// <summary>u8 interface number, no result.</summary>
        ReleaseInterface = 0x06,

        /// <summary>u8 interface number, u8 alternate setting, no result.</summary>
        SetAlternateSetting = 0x07,

        /// <summary>u8 bmRequestType, u8 bRequest, u16 wValue, u16 wIndex, u16 wLength, u32 timeout ms. Result: the bytes read (at most wLength).</summary>
        ControlTransferIn = 0x08,

        /// <summary>The same twelve field bytes as <see cref="ControlTransferIn"/>, then wLength data bytes. Result: u16 bytes written.</summary>
        ControlTransferOut = 0x09,

        /// <summary>No fields. A USB port reset; <see cref="UsbBridgeStatus.NotSupported"/> where the device seam has none.</summary>
        Reset = 0x0A,

        /// <summary>u8 string index, u16 LANGID. Result: the raw string descriptor, read the way an OS reads it at enumeration (the device need not be opened by the client).</summary>
        GetStringDescriptor = 0x0B,

        /// <summary>u8 endpoint (bit 7 set), u32 length, u32 timeout ms. Result: the bytes read (at most length; fewer after a short packet).</summary>
        BulkTransferIn = 0x0C,

        /// <summary>u8 endpoint (bit 7 clear), u32 timeout ms, then the data bytes (none = a zero-length packet). Result: u32 bytes written.</summary>
        BulkTransferOut = 0x0D,

        /// <summary>u8 endpoint, no result: CLEAR_FEATURE ENDPOINT_HALT.</summary>
        ClearHalt = 0x0E,
    }
}
