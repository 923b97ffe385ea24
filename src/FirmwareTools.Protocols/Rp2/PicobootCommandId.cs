namespace FirmwareTools.Protocols.Rp2
{
    /// <summary>bCmdId of a PICOBOOT command (pico-sdk boot/picoboot.h); bit 7 set = the data phase flows device to host.</summary>
    public enum PicobootCommandId : byte
    {
        ExclusiveAccess = 0x01,

        /// <summary>RP2040 only (RP2350 answers UNKNOWN_CMD).</summary>
        Reboot = 0x02,
        FlashErase = 0x03,
        Read = 0x84,
        Write = 0x05,
        ExitXip = 0x06,
        EnterCmdXip = 0x07,

        /// <summary>RP2040 only.</summary>
        Exec = 0x08,

        /// <summary>RP2040 only.</summary>
        VectorizeFlash = 0x09,

        /// <summary>RP2350 only.</summary>
        Reboot2 = 0x0A,

        /// <summary>RP2350 only.</summary>
        GetInfo = 0x8B,
        OtpRead = 0x8C,
        OtpWrite = 0x0D,
    }
}
