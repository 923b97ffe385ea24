using System;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>A source answered with something we cannot read (bad JSON, a page without firmware links).</summary>
    public sealed class FirmwareSourceDataException : FirmwareToolsException
    {
        public FirmwareSourceDataException(string message, string? target, string? recommendedAction = null, Exception? innerException = null)
            : base(message, target, recommendedAction, innerException)
        {
        }

        public override string ErrorId => "FirmwareSourceData";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.InvalidData;
    }
}
