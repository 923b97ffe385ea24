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

        public override string ErrorId => "NetworkUnavailable";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.ConnectionError;
    }
}
