namespace FirmwareTools.Protocols.Rp2Board
{
    /// <summary>The drive path failed: no mounted drive, the copy failed, or the board did not leave BOOTSEL afterwards.</summary>
    public sealed class Rp2DriveException : FirmwareToolsException
    {
        private readonly string errorId;

        public Rp2DriveException(string errorId, string message, string? target, string recommendedAction, System.Exception? inner = null)
            : base(message, target, recommendedAction, inner)
        {
            this.errorId = errorId;
        }

        public override string ErrorId => errorId;

        public override FirmwareErrorKind Kind => errorId == "Rp2DriveNotMounted" ? FirmwareErrorKind.NotFound : FirmwareErrorKind.DeviceError;
    }
}
