namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>Where a firmware file comes from.</summary>
    public enum FirmwareSource
    {
        /// <summary>micropython.org board pages.</summary>
        MicroPython,

        /// <summary>Pycom's update service (software.pycom.io).</summary>
        Pycom,

        /// <summary>A direct link given by the user.</summary>
        Uri,
    }
}
