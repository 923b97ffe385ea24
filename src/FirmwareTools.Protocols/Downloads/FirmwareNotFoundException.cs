using System;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>The board is unknown to the source, or its page offers no firmware file.</summary>
    public sealed class FirmwareNotFoundException : FirmwareToolsException
    {
        public FirmwareNotFoundException(string message, string? target, string? recommendedAction = null, Exception? innerException = null)
            : base(message, target, recommendedAction, innerException)
        {
        }

        public override string ErrorId => "FirmwareNotFound";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.NotFound;
    }
}
