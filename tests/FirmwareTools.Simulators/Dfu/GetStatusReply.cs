namespace FirmwareTools.Simulators.Dfu;

/// <summary>
/// The 6-byte GETSTATUS reply as the device writes it (DFU 1.1 §6.1.2): bStatus, bwPollTimeout as 24-bit
/// little-endian milliseconds, bState (the state entered right after this reply), iString.
/// </summary>
public static class GetStatusReply
{
    public const uint MaxPollTimeout = 0xFFFFFF;

    public static byte[] Encode(BootloaderStatus status, uint pollTimeout, BootloaderState state, byte stringIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pollTimeout, MaxPollTimeout);
        return [(byte)status, (byte)pollTimeout, (byte)(pollTimeout >> 8), (byte)(pollTimeout >> 16), (byte)state, stringIndex];
    }
}
