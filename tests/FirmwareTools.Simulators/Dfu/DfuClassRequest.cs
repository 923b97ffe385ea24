using System.Globalization;

namespace FirmwareTools.Simulators.Dfu;

/// <summary>
/// The DFU 1.1 class requests as the device receives them on EP0 (DFU 1.1 §3, table 3.2): bRequest numbers and the
/// two bmRequestType values (class, interface recipient; 0x21 host-to-device, 0xA1 device-to-host). The simulator's
/// own copy, never the module's.
/// </summary>
public static class DfuClassRequest
{
    public const byte DFU_DETACH = 0x00;
    public const byte DFU_DNLOAD = 0x01;
    public const byte DFU_UPLOAD = 0x02;
    public const byte DFU_GETSTATUS = 0x03;
    public const byte DFU_CLRSTATUS = 0x04;
    public const byte DFU_GETSTATE = 0x05;
    public const byte DFU_ABORT = 0x06;

    public const byte RequestTypeOut = 0x21;
    public const byte RequestTypeIn = 0xA1;

    /// <summary>The GETSTATUS reply: bStatus, 24-bit bwPollTimeout, bState, iString.</summary>
    public const int StatusLength = 6;

    /// <summary>The spec's name of <paramref name="request"/>, for logs and stall messages.</summary>
    public static string Name(byte request) => request switch
    {
        DFU_DETACH => nameof(DFU_DETACH),
        DFU_DNLOAD => nameof(DFU_DNLOAD),
        DFU_UPLOAD => nameof(DFU_UPLOAD),
        DFU_GETSTATUS => nameof(DFU_GETSTATUS),
        DFU_CLRSTATUS => nameof(DFU_CLRSTATUS),
        DFU_GETSTATE => nameof(DFU_GETSTATE),
        DFU_ABORT => nameof(DFU_ABORT),
        _ => "request 0x" + request.ToString("X2", CultureInfo.InvariantCulture),
    };
}
