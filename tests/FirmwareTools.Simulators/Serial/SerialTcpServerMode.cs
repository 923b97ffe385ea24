namespace FirmwareTools.Simulators.Serial;

/// <summary>How <see cref="SerialTcpServer"/> speaks to its client.</summary>
public enum SerialTcpServerMode
{
    /// <summary>Bytes only, as ser2net's raw mode: for socket:// clients.</summary>
    Raw,

    /// <summary>Telnet with COM-PORT-OPTION (RFC 2217): for rfc2217:// clients; baud, data bits, DTR and RTS reach the board.</summary>
    Rfc2217,
}
