using System;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>A plain-http (or other non-https) link was given without -AllowHttp.</summary>
    public sealed class InsecureUriException : FirmwareToolsException
    {
        public InsecureUriException(string message, string? target, string? recommendedAction = null, Exception? innerException = null)
            : base(message, target, recommendedAction, innerException)
        {
        }

        public override string ErrorId => DownloadErrors.InsecureUriId.Id;

        public override FirmwareErrorKind Kind => DownloadErrors.InsecureUriId.Kind;
    }
}
