using System;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// The device broke the DFU conversation: an unexpected state, a refused request that recovery could not
    /// get past, a short reply. The ErrorId names the case (DfuUnexpectedState, DfuNotInDfuMode, ...).
    /// </summary>
    public sealed class DfuProtocolException : FirmwareToolsException
    {
        public DfuProtocolException(ErrorDefinition definition, string message, string? device, string? recommendedAction, Exception? innerException = null)
            : base(message, device, recommendedAction, innerException)
        {
            Definition = definition ?? throw new ArgumentNullException(nameof(definition));
        }

        /// <summary>The catalog entry of the case (a field of <see cref="DfuErrors"/>).</summary>
        public ErrorDefinition Definition { get; }

        public override string ErrorId => Definition.Id;

        public override FirmwareErrorKind Kind => Definition.Kind;
    }
}
