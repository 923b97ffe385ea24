namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>An alternate setting's name is not a DfuSe memory layout we can read.</summary>
    public sealed class DfuSeLayoutFormatException : FirmwareToolsException
    {
        public DfuSeLayoutFormatException(string layout, string problem)
            : base($"The DfuSe memory layout \"{layout}\" cannot be read: {problem}.", layout,
                   "The device reports a memory map this module does not understand; report the string above to the FirmwareTools project.", null)
        {
            Layout = layout;
            Problem = problem;
        }

        public string Layout { get; }

        public string Problem { get; }

        public override string ErrorId => "DfuSeLayoutInvalid";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.InvalidData;
    }
}
