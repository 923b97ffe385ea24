namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>The regions cannot be written as asked: they overlap, are misaligned, or do not fit the flash.</summary>
    public sealed class Esp32RegionsInvalidException : FirmwareToolsException
    {
        public Esp32RegionsInvalidException(string target, string reason, string recommendedAction)
            : base($"Nothing was written: {reason}.", target, recommendedAction, null)
        {
            Reason = reason;
        }

        public string Reason { get; }

        public override string ErrorId => "Esp32RegionsInvalid";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.InvalidArgument;
    }
}
