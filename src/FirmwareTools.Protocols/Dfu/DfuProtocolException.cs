using System;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// The device broke the DFU conversation: an unexpected state, a refused request that recovery could not
    /// get past, a short reply. The ErrorId names the case (DfuUnexpectedState, DfuNotInDfuMode, ...).
    /// </summary>
    public sealed class DfuProtocolException : FirmwareToolsException
    {
        private readonly string errorId;

        public DfuProtocolException(string errorId, string message, string? device, string? recommendedAction, Exception? innerException = null)
            : base(message, device, recommendedAction, innerException)
        {
            this.errorId = errorId;
        }

        public override string ErrorId => errorId;

        public override FirmwareErrorKind Kind => FirmwareErrorKind.ProtocolError;
    }
}
