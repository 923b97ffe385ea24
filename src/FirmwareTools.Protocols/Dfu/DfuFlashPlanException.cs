namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// Firmware that cannot be flashed to this device as it is: it lies outside the device's memory, in memory that
    /// cannot be written or erased, on an alternate setting the device lacks, or holds nothing. Raised while the plan
    /// is made, so nothing has been sent to the device yet.
    /// </summary>
    public sealed class DfuFlashPlanException : FirmwareToolsException
    {
        public const string FirmwareEmptyId = "FirmwareEmpty";
        public const string FirmwareTargetNotOnDeviceId = "FirmwareTargetNotOnDevice";
        public const string FirmwareOutsideFlashId = "FirmwareOutsideFlash";
        public const string FirmwareNotWritableId = "FirmwareNotWritable";
        public const string FirmwareNotErasableId = "FirmwareNotErasable";
        public const string FirmwareElementsOverlapId = "FirmwareElementsOverlap";
        public const string FirmwareTargetForbiddenId = "FirmwareTargetForbidden";

        private readonly string _errorId;

        public DfuFlashPlanException(string errorId, string message, string? source, string recommendedAction,
                                     byte? alternateSetting = null, long? elementAddress = null, long? elementLength = null,
                                     DfuSeMemorySegment? segment = null)
            : base(message, source, recommendedAction, null)
        {
            _errorId = errorId;
            AlternateSetting = alternateSetting;
            ElementAddress = elementAddress;
            ElementLength = elementLength;
            Segment = segment;
        }

        public override string ErrorId => _errorId;

        public override FirmwareErrorKind Kind => FirmwareErrorKind.InvalidData;

        public byte? AlternateSetting { get; }

        public long? ElementAddress { get; }

        public long? ElementLength { get; }

        /// <summary>The device segment that refused the element; null when no segment holds it.</summary>
        public DfuSeMemorySegment? Segment { get; }
    }
}
