namespace FirmwareTools.Protocols.Usb
{
    /// <summary>A USB descriptor is malformed: too short, a length that runs past the data, or the wrong type.</summary>
    public sealed class UsbDescriptorFormatException : FirmwareToolsException
    {
        public UsbDescriptorFormatException(string descriptor, string problem, string? device = null)
            : base(
                device is null
                    ? $"The USB {descriptor} descriptor is malformed: {problem}."
                    : $"The USB {descriptor} descriptor of {device} is malformed: {problem}.",
                device,
                "The device reports descriptors that do not follow the USB specification; unplug and replug it, and if it persists, report the device to the FirmwareTools project.",
                null)
        {
            Descriptor = descriptor;
            Problem = problem;
        }

        /// <summary>Which descriptor ("device", "configuration", "DFU functional").</summary>
        public string Descriptor { get; }

        public string Problem { get; }

        public override string ErrorId => UsbErrors.DescriptorInvalidId.Id;

        public override FirmwareErrorKind Kind => UsbErrors.DescriptorInvalidId.Kind;
    }
}
