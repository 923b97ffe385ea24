namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>DFU 1.1 class request codes (bRequest) and the request types they travel with (docs/protocols/dfu-dfuse.md §3.1).</summary>
    public static class DfuRequest
    {
        public const byte DFU_DETACH = 0x00;
        public const byte DFU_DNLOAD = 0x01;
        public const byte DFU_UPLOAD = 0x02;
        public const byte DFU_GETSTATUS = 0x03;
        public const byte DFU_CLRSTATUS = 0x04;
        public const byte DFU_GETSTATE = 0x05;
        public const byte DFU_ABORT = 0x06;

        /// <summary>bmRequestType for host-to-device class requests to an interface.</summary>
        public const byte RequestTypeOut = 0x21;

        /// <summary>bmRequestType for device-to-host class requests to an interface.</summary>
        public const byte RequestTypeIn = 0xA1;

        /// <summary>Size of the GETSTATUS reply.</summary>
        public const int StatusLength = 6;

        public static string Name(byte request) => request switch
        {
            DFU_DETACH => nameof(DFU_DETACH),
            DFU_DNLOAD => nameof(DFU_DNLOAD),
            DFU_UPLOAD => nameof(DFU_UPLOAD),
            DFU_GETSTATUS => nameof(DFU_GETSTATUS),
            DFU_CLRSTATUS => nameof(DFU_CLRSTATUS),
            DFU_GETSTATE => nameof(DFU_GETSTATE),
            DFU_ABORT => nameof(DFU_ABORT),
            _ => "request 0x" + request.ToString("X2", System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
