namespace FirmwareTools.Simulators.Dfu;

/// <summary>
/// bStatus, the result of the most recent request as GETSTATUS reports it (DFU 1.1 §6.1.2, table "Device status"),
/// with ST's meanings where the ROM gives one (errTARGET: address not allowed; errVENDOR: read protection active,
/// AN3156). The simulator's own copy, never the module's.
/// </summary>
public enum BootloaderStatus : byte
{
    OK = 0x00,
    errTARGET = 0x01,
    errFILE = 0x02,
    errWRITE = 0x03,
    errERASE = 0x04,
    errCHECK_ERASED = 0x05,
    errPROG = 0x06,
    errVERIFY = 0x07,
    errADDRESS = 0x08,
    errNOTDONE = 0x09,
    errFIRMWARE = 0x0A,
    errVENDOR = 0x0B,
    errUSBR = 0x0C,
    errPOR = 0x0D,
    errUNKNOWN = 0x0E,
    errSTALLEDPKT = 0x0F,
}
