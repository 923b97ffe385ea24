namespace FirmwareTools.Protocols.Rp2
{
    /// <summary>dStatusCode of IF_CMD_STATUS (pico-sdk picoboot_constants.h).</summary>
    public enum PicobootStatusCode : uint
    {
        Ok = 0,
        UnknownCmd = 1,
        InvalidCmdLength = 2,
        InvalidTransferLength = 3,
        InvalidAddress = 4,
        BadAlignment = 5,
        InterleavedWrite = 6,
        Rebooting = 7,
        UnknownError = 8,
        InvalidState = 9,
        NotPermitted = 10,
        InvalidArg = 11,
        BufferTooSmall = 12,
        PreconditionNotMet = 13,
        ModifiedData = 14,
        InvalidData = 15,
        NotFound = 16,
        UnsupportedModification = 17,
    }
}
