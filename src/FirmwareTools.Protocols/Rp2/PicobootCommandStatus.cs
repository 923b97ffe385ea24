namespace FirmwareTools.Protocols.Rp2
{
    /// <summary>The 16-byte answer to IF_CMD_STATUS: dToken, dStatusCode, bCmdId, bInProgress, six zero bytes.</summary>
    public sealed class PicobootCommandStatus
    {
        public const int Size = 16;

        public PicobootCommandStatus(uint token, PicobootStatusCode code, PicobootCommandId commandId, bool inProgress)
        {
            Token = token;
            Code = code;
            CommandId = commandId;
            InProgress = inProgress;
        }

        public uint Token { get; }

        public PicobootStatusCode Code { get; }

        public PicobootCommandId CommandId { get; }

        public bool InProgress { get; }

        public static PicobootCommandStatus Parse(byte[] bytes) =>
            new PicobootCommandStatus(PicobootCommand.ReadUInt32(bytes, 0), (PicobootStatusCode)PicobootCommand.ReadUInt32(bytes, 4), (PicobootCommandId)bytes[8], bytes[9] != 0);

        public override string ToString() => $"token {Token}, {PicobootNames.Command(CommandId)}: {PicobootNames.Status(Code)}{(InProgress ? " (in progress)" : string.Empty)}";
    }
}
