using System.Globalization;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>A span of device memory: a sector to erase, a region written, a range read.</summary>
    public sealed class DfuSeAddressRange
    {
        public DfuSeAddressRange(uint address, long length)
        {
            Address = address;
            Length = length;
        }

        public uint Address { get; }

        public long Length { get; }

        /// <summary>Exclusive end address.</summary>
        public long EndAddress => Address + Length;

        public override string ToString() =>
            "0x" + Address.ToString("X8", CultureInfo.InvariantCulture) + "-0x" + (EndAddress - 1).ToString("X8", CultureInfo.InvariantCulture) +
            " (" + ByteSize.Format(Length) + ")";
    }
}
