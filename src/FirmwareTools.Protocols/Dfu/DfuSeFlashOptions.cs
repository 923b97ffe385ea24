namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>Choices for <see cref="DfuSeFlasher.Flash"/>.</summary>
    public sealed class DfuSeFlashOptions
    {
        /// <summary>Read every written region back and compare (the ROM does not verify).</summary>
        public bool Verify { get; init; } = true;

        /// <summary>Stay in DFU mode afterwards instead of starting the firmware.</summary>
        public bool NoReset { get; init; }

        /// <summary>Where the ROM jumps on leave; always set explicitly (docs/protocols/dfu-dfuse.md §4.5).</summary>
        public uint LeaveAddress { get; init; } = DfuSeCommand.FlashStart;
    }
}
