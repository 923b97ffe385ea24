namespace FirmwareTools.Protocols.Rp2
{
    /// <summary>The boot ROM refused a PICOBOOT command: it stalled, and IF_CMD_STATUS named the reason.</summary>
    public sealed class PicobootCommandException : FirmwareToolsException
    {
        public PicobootCommandException(string device, PicobootCommand command, PicobootCommandStatus? status, string? recommendedAction = null)
            : base(BuildMessage(device, command, status), device, recommendedAction ?? Advice(status), null)
        {
            Command = command.Id;
            Status = status?.Code;
        }

        public override string ErrorId => "PicobootCommandFailed";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.DeviceError;

        public PicobootCommandId Command { get; }

        /// <summary>The status the ROM recorded; null when it recorded none (RP2040 after some failures) or could not be asked.</summary>
        public PicobootStatusCode? Status { get; }

        private static string BuildMessage(string device, PicobootCommand command, PicobootCommandStatus? status) =>
            status is null
                ? $"The boot ROM of {device} stalled {command} and recorded no status."
                : $"The boot ROM of {device} refused {command}: {PicobootNames.Status(status.Code)} ({(uint)status.Code}).";

        private static string Advice(PicobootCommandStatus? status)
        {
            switch (status?.Code)
            {
                case PicobootStatusCode.Rebooting:
                    return "The board is rebooting; wait until it is back in BOOTSEL mode and try again.";
                case PicobootStatusCode.InterleavedWrite:
                    return "Something is copying to the board's drive at the same time; let it finish or unplug and retry.";
                case PicobootStatusCode.NotPermitted:
                    return "The board's partition table or OTP settings forbid this; check them with picotool info.";
                default:
                    return "Hold BOOTSEL, replug the board and try again; the board stays in BOOTSEL mode until it is written.";
            }
        }
    }
}
