namespace FirmwareTools.Protocols.Pyboard
{
    /// <summary>A raw image (a backup, a .bin) carries no address; flashing it at a guessed one could overwrite the wrong sectors.</summary>
    public sealed class RawImageNeedsAddressException : FirmwareToolsException
    {
        public RawImageNeedsAddressException(string path, string format)
            : base(
                $"The firmware file '{path}' is a {format} image with no address of its own. Nothing was written.",
                path,
                "Give the address it belongs at, e.g. -Address 0x08000000 to restore a full backup (the backup's .json sidecar records its address).",
                null)
        {
        }

        public override string ErrorId => "RawImageNeedsAddress";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.InvalidArgument;
    }
}
