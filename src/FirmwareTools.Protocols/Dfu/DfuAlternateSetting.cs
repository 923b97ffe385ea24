namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// One alternate setting of a DFU interface. On DfuSe devices each one is a memory target whose name
    /// is its memory layout; a name that is not a layout we can read is kept with <see cref="LayoutProblem"/>
    /// set (dfu-util's "unknown layout"), never a reason to drop the device.
    /// </summary>
    public sealed class DfuAlternateSetting
    {
        public DfuAlternateSetting(byte number, string? name, DfuSeMemoryLayout? memoryLayout, string? layoutProblem)
        {
            Number = number;
            Name = name;
            MemoryLayout = memoryLayout;
            LayoutProblem = layoutProblem;
        }

        /// <summary>Creates the setting from its iInterface string, parsing the layout when there is one.</summary>
        public static DfuAlternateSetting FromName(byte number, string? name)
        {
            if (name is null)
            {
                return new DfuAlternateSetting(number, null, null, "the alternate setting's name could not be read");
            }

            return DfuSeMemoryLayout.TryParse(name, out DfuSeMemoryLayout? layout, out string? problem)
                ? new DfuAlternateSetting(number, name, layout, null)
                : new DfuAlternateSetting(number, name, null, problem);
        }

        public byte Number { get; }

        /// <summary>The raw iInterface string; null when the device has none or would not give it.</summary>
        public string? Name { get; }

        public DfuSeMemoryLayout? MemoryLayout { get; }

        /// <summary>Why <see cref="Name"/> gave no memory layout; null when it did.</summary>
        public string? LayoutProblem { get; }

        /// <summary>Sum of the layout's segments; 0 without a layout.</summary>
        public long FlashSize => MemoryLayout?.TotalLength ?? 0;

        public override string ToString() => $"alt {Number}: {Name ?? "(no name)"}";
    }
}
