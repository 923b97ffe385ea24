using System;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>The host could not be reached: no network, a name that does not resolve, or a refused connection.</summary>
    public sealed class NetworkUnavailableException : FirmwareToolsException
    {
        public NetworkUnavailableException(string message, string? target, string? recommendedAction = null, Exception? innerException = null)
            : base(message, target, recommendedAction, innerException)
        {
        }

        public override string ErrorId => DownloadErrors.NetworkUnavailableId.Id;

        public override FirmwareErrorKind Kind => DownloadErrors.NetworkUnavailableId.Kind;
    }
}
