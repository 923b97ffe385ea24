using System;

namespace FirmwareTools.Protocols
{
    /// <summary>
    /// Base of every failure this project reports: a stable PascalCase <see cref="ErrorId"/> from the error
    /// catalog (an <see cref="ErrorDefinition"/>), a <see cref="Kind"/>, the file, port or device it is about
    /// (<see cref="Target"/>) and what the user can do about it (<see cref="RecommendedAction"/>). Failures no
    /// code catches by type are <see cref="FirmwareError"/>; a subclass exists only where code catches it by type.
    /// </summary>
    public abstract class FirmwareToolsException : Exception
    {
        protected FirmwareToolsException(string message, string? target, string? recommendedAction, Exception? innerException)
            : base(message, innerException)
        {
            Target = target;
            RecommendedAction = recommendedAction;
        }

        /// <summary>Stable, PascalCase identifier used as the PowerShell ErrorId.</summary>
        public abstract string ErrorId { get; }

        public abstract FirmwareErrorKind Kind { get; }

        /// <summary>The file path, port name or device the failure is about.</summary>
        public string? Target { get; }

        public string? RecommendedAction { get; }
    }
}
