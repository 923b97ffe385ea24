using System.Globalization;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>A requested read range is empty or leaves the readable memory of the device's layout.</summary>
    public sealed class DfuSeRangeNotReadableException : FirmwareToolsException
    {
        public DfuSeRangeNotReadableException(uint address, long length, string layout, string problem)
            : base($"Cannot read {length.ToString(CultureInfo.InvariantCulture)} bytes at 0x{address.ToString("X8", CultureInfo.InvariantCulture)}: {problem} (layout \"{layout}\").",
                   layout,
                   "Give an address and length inside the readable memory of the layout, or omit them to read all of it.",
                   null)
        {
            Address = address;
            Length = length;
        }

        public uint Address { get; }

        public long Length { get; }

        public override string ErrorId => "DfuRangeNotReadable";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.InvalidArgument;
    }
}
