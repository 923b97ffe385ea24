namespace FirmwareTools.Simulators.Dfu;

/// <summary>
/// bState, the state a DFU 1.1 device reports in GETSTATUS and GETSTATE (DFU 1.1 §6.1.2, table "Device states"),
/// spelled as the spec spells them with '-' as '_'. The simulator's own copy: it never takes these numbers from the
/// module, so a wrong number on either side shows up as a disagreement in a test.
/// </summary>
public enum BootloaderState : byte
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
