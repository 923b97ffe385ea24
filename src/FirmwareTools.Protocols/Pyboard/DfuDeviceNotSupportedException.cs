namespace FirmwareTools.Protocols.Pyboard
{
    /// <summary>The device is a DFU device, but not one this operation can drive (run-time mode, not ST DfuSe, no readable or writable internal flash).</summary>
    public sealed class DfuDeviceNotSupportedException : FirmwareToolsException
    {
        public DfuDeviceNotSupportedException(string device, string problem, string recommendedAction)
            : base($"{device}: {problem}. Nothing was written.", device, recommendedAction, null)
        {
        }

        public override string ErrorId => "DfuDeviceNotSupported";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.InvalidArgument;
    }
}
