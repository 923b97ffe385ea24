namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>bState values of DFU 1.1 (docs/protocols/dfu-dfuse.md §3.4), named as the spec names them.</summary>
    public enum DfuState : byte
    {
        appIDLE = 0,
        appDETACH = 1,
        dfuIDLE = 2,
        dfuDNLOAD_SYNC = 3,
        dfuDNBUSY = 4,
        dfuDNLOAD_IDLE = 5,
        dfuMANIFEST_SYNC = 6,
        dfuMANIFEST = 7,
        dfuMANIFEST_WAIT_RESET = 8,
        dfuUPLOAD_IDLE = 9,
        dfuERROR = 10,
    }
}
