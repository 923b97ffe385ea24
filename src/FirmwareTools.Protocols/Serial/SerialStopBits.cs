namespace FirmwareTools.Protocols.Serial
{
    /// <summary>Stop bits, valued as RFC 2217's SET-STOPSIZE (1 = one, 2 = two, 3 = one and a half).</summary>
    public enum SerialStopBits
    {
        One = 1,
        Two = 2,
        OnePointFive = 3,
    }
}
