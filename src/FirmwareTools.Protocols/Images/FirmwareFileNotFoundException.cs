using System;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>The firmware file does not exist or cannot be opened.</summary>
    public sealed class FirmwareFileNotFoundException : FirmwareToolsException
    {
        public FirmwareFileNotFoundException(string path, Exception? innerException = null)
            : base($"Firmware file '{path}' was not found.", path, "Check the path; Save-Firmware downloads firmware files.", innerException)
        {
            Path = path;
        }

        public string Path { get; }

        public override string ErrorId => "FirmwareFileNotFound";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.NotFound;
    }
}
