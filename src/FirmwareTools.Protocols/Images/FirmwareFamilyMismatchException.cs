namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// A firmware file for another family of boards than the cmdlet flashes (an ESP32 image or Pycom package given to
    /// the pyboard installer, a DfuSe file given to the ESP32 installer), refused by what the file is, before any
    /// device is touched. The recommended action names the cmdlet that takes it.
    /// </summary>
    public sealed class FirmwareFamilyMismatchException : FirmwareToolsException
    {
        public FirmwareFamilyMismatchException(string path, FirmwareImageFormat format, string message, string recommendedAction)
            : base(message, path, recommendedAction, null)
        {
            Path = path;
            Format = format;
        }

        public string Path { get; }

        /// <summary>What the file is.</summary>
        public FirmwareImageFormat Format { get; }

        public override string ErrorId => "FirmwareForAnotherFamily";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.InvalidArgument;
    }
}
