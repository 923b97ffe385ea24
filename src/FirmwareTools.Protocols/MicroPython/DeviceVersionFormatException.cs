namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>The board answered the version query, but with text that is not a uname tuple or sys facts.</summary>
    public sealed class DeviceVersionFormatException : FirmwareToolsException
    {
        public DeviceVersionFormatException(string port, string detail, string text)
            : base($"{port}: {detail}: \"{text}\".", port,
                   "The board may run something other than MicroPython, or a port whose uname is unusual; run os.uname() on its REPL and report the output.",
                   null)
        {
            Text = text;
        }

        /// <summary>The text that could not be read.</summary>
        public string Text { get; }

        public override string ErrorId => "DeviceVersionUnparseable";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.InvalidData;
    }
}
