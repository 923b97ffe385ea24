using System;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>The downloaded bytes do not have the expected hash; the file was deleted.</summary>
    public sealed class FirmwareHashMismatchException : FirmwareToolsException
    {
        public FirmwareHashMismatchException(string message, string? target, string? recommendedAction = null, Exception? innerException = null)
            : base(message, target, recommendedAction, innerException)
        {
        }

        public override string ErrorId => "FirmwareHashMismatch";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.ChecksumMismatch;
    }
}
