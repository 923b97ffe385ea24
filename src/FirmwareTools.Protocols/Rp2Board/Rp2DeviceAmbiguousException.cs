namespace FirmwareTools.Protocols.Rp2Board
{
    /// <summary>Several boards are in BOOTSEL mode and nothing says which one to write.</summary>
    public sealed class Rp2DeviceAmbiguousException : FirmwareToolsException
    {
        public Rp2DeviceAmbiguousException(string message, string recommendedAction)
            : base(message, null, recommendedAction, null)
        {
        }

        public override string ErrorId => "Rp2DeviceAmbiguous";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.InvalidArgument;
    }
}
