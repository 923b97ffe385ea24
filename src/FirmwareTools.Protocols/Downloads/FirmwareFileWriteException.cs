using System;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>The file could not be written where asked: the destination is a file, not a folder, it is not writable, or the disk is full.</summary>
    public sealed class FirmwareFileWriteException : FirmwareToolsException
    {
        public FirmwareFileWriteException(string message, string? target, string? recommendedAction = null, Exception? innerException = null)
            : base(message, target, recommendedAction, innerException)
        {
        }

        public override string ErrorId => "FirmwareFileWriteFailed";

        public override FirmwareErrorKind Kind => InnerException is UnauthorizedAccessException ? FirmwareErrorKind.PermissionDenied : FirmwareErrorKind.InvalidArgument;
    }
}
