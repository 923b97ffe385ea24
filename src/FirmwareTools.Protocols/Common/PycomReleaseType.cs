namespace FirmwareTools.Protocols
{
    /// <summary>The 2-bit release type inside Pycom's intVersion, in its encoded order.</summary>
    public enum PycomReleaseType
    {
        Alpha = 0,
        Beta = 1,
        ReleaseCandidate = 2,
        Release = 3,
    }
}
