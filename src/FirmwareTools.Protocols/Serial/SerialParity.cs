namespace FirmwareTools.Protocols.Serial
{
    /// <summary>Parity, valued as RFC 2217's SET-PARITY so the wire value is the enum value.</summary>
    public enum SerialParity
    {
        None = 1,
        Odd = 2,
        Even = 3,
        Mark = 4,
        Space = 5,
    }
}
