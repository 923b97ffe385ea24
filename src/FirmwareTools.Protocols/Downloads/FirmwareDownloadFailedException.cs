using System;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>An HTTP request failed: an error status, a truncated body, a timeout, or too many redirects.</summary>
    public sealed class FirmwareDownloadFailedException : FirmwareToolsException
    {
        public FirmwareDownloadFailedException(string message, string? target, int? statusCode = null, string? recommendedAction = null, Exception? innerException = null)
            : base(message, target, recommendedAction, innerException)
        {
            StatusCode = statusCode;
        }

        /// <summary>The HTTP status of the last response, when there was one.</summary>
        public int? StatusCode { get; }

        public override string ErrorId => DownloadErrors.DownloadFailedId.Id;

        public override FirmwareErrorKind Kind => StatusCode is not null
            ? FirmwareErrorKind.ProtocolError
            : InnerException is TimeoutException ? FirmwareErrorKind.Timeout : FirmwareErrorKind.ConnectionError;
    }
}
