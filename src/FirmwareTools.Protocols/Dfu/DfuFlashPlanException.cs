namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// Firmware that cannot be flashed to this device as it is: it lies outside the device's memory, in memory that
    /// cannot be written or erased, on an alternate setting the device lacks, or holds nothing. Raised while the plan
    /// is made, so nothing has been sent to the device yet.
    /// </summary>
    public sealed class DfuFlashPlanException : FirmwareToolsException
    {

        public DfuFlashPlanException(ErrorDefinition definition, string message, string? source, string recommendedAction,
                                     byte? alternateSetting = null, long? elementAddress = null, long? elementLength = null,
                                     DfuSeMemorySegment? segment = null)
            : base(message, source, recommendedAction, null)
        {
            Definition = definition ?? throw new System.ArgumentNullException(nameof(definition));
            AlternateSetting = alternateSetting;
            ElementAddress = elementAddress;
            ElementLength = elementLength;
            Segment = segment;
        }

        /// <summary>The catalog entry of the reason (a field of <see cref="DfuErrors"/>).</summary>
        public ErrorDefinition Definition { get; }

        public override string ErrorId => Definition.Id;

        public override FirmwareErrorKind Kind => Definition.Kind;

        public byte? AlternateSetting { get; }

        public long? ElementAddress { get; }

        public long? ElementLength { get; }

        /// <summary>The device segment that refused the element; null when no segment holds it.</summary>
        public DfuSeMemorySegment? Segment { get; }
    }
}
