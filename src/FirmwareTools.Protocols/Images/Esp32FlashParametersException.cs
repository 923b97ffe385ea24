namespace FirmwareTools.Protocols.Images
{
    /// <summary>A flash mode, frequency or size the ESP32 image header cannot express (-FlashMode/-FlashFrequency/-FlashSize).</summary>
    public sealed class Esp32FlashParametersException : FirmwareToolsException
    {
        public Esp32FlashParametersException(string parameter, string value, string allowed)
            : base($"'{value}' is not a valid ESP32 {parameter}: use one of {allowed}.", value, $"Pass one of {allowed}, or keep to leave the image header as built.", null)
        {
            Parameter = parameter;
        }

        /// <summary>"flash mode", "flash frequency" or "flash size".</summary>
        public string Parameter { get; }

        public override string ErrorId => "Esp32FlashParametersInvalid";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.InvalidArgument;
    }
}
