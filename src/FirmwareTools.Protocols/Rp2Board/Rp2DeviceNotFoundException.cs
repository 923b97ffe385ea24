namespace FirmwareTools.Protocols.Rp2Board
{
    /// <summary>No board in BOOTSEL mode matches (none at all, or none with the serial number asked for).</summary>
    public sealed class Rp2DeviceNotFoundException : FirmwareToolsException
    {
        public Rp2DeviceNotFoundException(string message, string? target, string recommendedAction)
            : base(message, target, recommendedAction, null)
        {
        }

        public override string ErrorId => "Rp2DeviceNotFound";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.NotFound;
    }
}
