using System;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>The board exists but no file matches the requested version or variant.</summary>
    public sealed class FirmwareVersionNotFoundException : FirmwareToolsException
    {
        public FirmwareVersionNotFoundException(string message, string? target, string? recommendedAction = null, Exception? innerException = null)
            : base(message, target, recommendedAction, innerException)
        {
        }

        public override string ErrorId => "FirmwareVersionNotFound";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.NotFound;
    }
}
