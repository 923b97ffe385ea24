namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>bStatus values of DFU 1.1 (docs/protocols/dfu-dfuse.md §3.3). ST gives errTARGET and errVENDOR their own meanings.</summary>
    public enum DfuStatusCode : byte
    {
        OK = 0x00,

        /// <summary>File not for this device; on ST ROMs: the address is not allowed.</summary>
        errTARGET = 0x01,
        errFILE = 0x02,
        errWRITE = 0x03,
        errERASE = 0x04,
        errCHECK_ERASED = 0x05,
        errPROG = 0x06,
        errVERIFY = 0x07,
        errADDRESS = 0x08,
        errNOTDONE = 0x09,

        /// <summary>"Firmware corrupt": the harmless first status of many fresh ST ROM sessions.</summary>
        errFIRMWARE = 0x0A,

        /// <summary>Vendor-specific; on ST ROMs: read protection (RDP level 1) is active.</summary>
        errVENDOR = 0x0B,
        errUSBR = 0x0C,
        errPOR = 0x0D,
        errUNKNOWN = 0x0E,
        errSTALLEDPKT = 0x0F,
    }
}
