namespace FirmwareTools.Protocols.Images
{
    /// <summary>The Raspberry Pi microcontrollers a UF2 can target.</summary>
    public enum Rp2Chip
    {
        Rp2040,
        Rp2350,
    }
}
