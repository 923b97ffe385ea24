namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>A vendor or product ID given by the user is not a 16-bit number or hex string.</summary>
    public sealed class InvalidUsbIdException : FirmwareToolsException
    {
        public InvalidUsbIdException(string value, string problem)
            : base($"'{value}' is not a USB vendor or product ID: {problem}.", value,
                   "Give a number from 0 to 65535, or up to four hex digits such as 0483, 0x0483 or df11.", null)
        {
            Value = value;
            Problem = problem;
        }

        public string Value { get; }

        public string Problem { get; }

        public override string ErrorId => "InvalidUsbId";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.InvalidArgument;
    }
}
