namespace FirmwareTools.Protocols.Rp2
{
    /// <summary>
    /// A flash command refused on the host before it was sent: unaligned or outside flash. Checked here because the RP2040
    /// ROM acknowledges a failed FLASH_ERASE with status OK and erases nothing.
    /// </summary>
    public sealed class PicobootArgumentException : FirmwareToolsException
    {
        public PicobootArgumentException(string device, string problem)
            : base($"Not sent to {device}: {problem}.", device, "This is a bug in the caller: flash is erased in 4 KiB sectors and written in 256-byte pages inside flash.", null)
        {
        }

        public override string ErrorId => "PicobootBadAlignment";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.InvalidArgument;
    }
}
