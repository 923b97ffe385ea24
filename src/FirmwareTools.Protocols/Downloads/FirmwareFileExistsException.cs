using System;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>A different file already exists at the destination and -Force was not given.</summary>
    public sealed class FirmwareFileExistsException : FirmwareToolsException
    {
        public FirmwareFileExistsException(string message, string? target, string? recommendedAction = null, Exception? innerException = null)
            : base(message, target, recommendedAction, innerException)
        {
        }

        public override string ErrorId => "FirmwareFileExists";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.AlreadyExists;
    }
}
