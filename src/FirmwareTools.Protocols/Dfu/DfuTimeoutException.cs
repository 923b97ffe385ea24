using System;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>The device did not finish an operation within its time budget (docs/protocols/dfu-dfuse.md §4.9), even after one last long poll.</summary>
    public sealed class DfuTimeoutException : FirmwareToolsException
    {
        public DfuTimeoutException(string message, string operation, uint? address, string? device, Exception? innerException = null)
            : base(message, device,
                   "Unplug and replug the board in DFU mode and try again; if it repeats, try another cable or USB port.",
                   innerException)
        {
            Operation = operation;
            Address = address;
        }

        public string Operation { get; }

        public uint? Address { get; }

        public override string ErrorId => DfuErrors.TimeoutId.Id;

        public override FirmwareErrorKind Kind => DfuErrors.TimeoutId.Kind;
    }
}
