using System.Globalization;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>Where one block of a firmware file goes, without its bytes (for display and reports).</summary>
    public sealed class FirmwareElementInfo
    {
        public FirmwareElementInfo(long address, long length)
        {
            Address = address;
            Length = length;
        }

        public long Address { get; }

        public long Length { get; }

        /// <summary>Exclusive end address.</summary>
        public long EndAddress => Address + Length;

        /// <summary>"0x08000000-0x08003FFF", inclusive, as dfu-util prints ranges.</summary>
        public string Range => Length == 0
            ? string.Format(CultureInfo.InvariantCulture, "0x{0:X8} (empty)", Address)
            : string.Format(CultureInfo.InvariantCulture, "0x{0:X8}-0x{1:X8}", Address, EndAddress - 1);

        public override string ToString() => $"{Range} ({Length.ToString(CultureInfo.InvariantCulture)} bytes)";
    }
}
