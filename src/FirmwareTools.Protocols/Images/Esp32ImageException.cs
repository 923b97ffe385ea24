using System;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>A file offered for an ESP32 region is not what that region needs (not an image, a corrupt image, an image for another chip).</summary>
    public sealed class Esp32ImageException : FirmwareToolsException
    {
        public Esp32ImageException(string path, string reason, string? recommendedAction = null, Exception? innerException = null)
            : base($"'{path}' cannot be flashed: {reason}.", path,
                   recommendedAction ?? "Check that this is the firmware for an ESP32 and the right file for this offset (bootloader 0x1000, partition table 0x8000, app 0x10000); download it again if it may be damaged.",
                   innerException)
        {
            Reason = reason;
        }

        public string Reason { get; }

        public override string ErrorId => ImageErrors.Esp32ImageInvalidId.Id;

        public override FirmwareErrorKind Kind => ImageErrors.Esp32ImageInvalidId.Kind;
    }
}
