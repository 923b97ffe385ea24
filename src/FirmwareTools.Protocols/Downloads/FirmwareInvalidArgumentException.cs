using System;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>A parameter of a firmware request is malformed (a hash that is not hex, a board name with a slash).</summary>
    public sealed class FirmwareInvalidArgumentException : FirmwareToolsException
    {
        public FirmwareInvalidArgumentException(string message, string? target, string? recommendedAction = null, Exception? innerException = null)
            : base(message, target, recommendedAction, innerException)
        {
        }

        public override string ErrorId => DownloadErrors.InvalidArgumentId.Id;

        public override FirmwareErrorKind Kind => DownloadErrors.InvalidArgumentId.Kind;
    }
}
