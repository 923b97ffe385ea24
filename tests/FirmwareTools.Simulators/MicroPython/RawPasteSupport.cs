namespace FirmwareTools.Simulators.MicroPython;

/// <summary>How the board answers the raw-paste request <c>\x05A\x01</c>.</summary>
public enum RawPasteSupport
{
    /// <summary><c>R\x01</c>, window size, flow control (MicroPython 1.14+).</summary>
    Supported,

    /// <summary><c>R\x00</c>: understood, refused (the webassembly port, as the npm peer's bridge answers).</summary>
    Refused,

    /// <summary>Firmware older than raw-paste: the bytes are noise plus a Ctrl-A, which greets again.</summary>
    Unknown,
}
