namespace FirmwareTools.Simulators.Rp2;

/// <summary>One PICOBOOT command as the virtual ROM received it, and the status it ended with.</summary>
public sealed record LoggedPicobootCommand(uint Token, byte CommandId, uint Argument0, uint Argument1, uint TransferLength)
{
    public uint Status { get; set; }

    public bool Stalled { get; set; }
}
