using System;

namespace FirmwareTools.Protocols
{
    /// <summary>
    /// A failure that no code catches by its type: the user reads it, a script matches its ErrorId. Each is
    /// made by a factory of its area's error class (for example <c>SerialErrors.PortNotFound</c>), which
    /// writes the message and the recommended action; the id and kind come from the catalog entry.
    /// Failures that code does catch by type (a lost USB device, a ROM error code) keep their own types.
    /// </summary>
    public sealed class FirmwareError : FirmwareToolsException
    {
        public FirmwareError(ErrorDefinition definition, string message, string? target, string? recommendedAction, Exception? innerException = null)
            : base(message, target, recommendedAction, innerException)
        {
            Definition = definition ?? throw new ArgumentNullException(nameof(definition));
        }

        /// <summary>The catalog entry this failure was raised from.</summary>
        public ErrorDefinition Definition { get; }

        public override string ErrorId => Definition.Id;

        public override FirmwareErrorKind Kind => Definition.Kind;
    }
}
