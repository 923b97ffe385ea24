using System;
using System.Globalization;

namespace FirmwareTools.Protocols
{
    /// <summary>
    /// A span of a 32-bit address space: where a firmware file's element goes, a sector erased, a region written, a
    /// range read back. One type with one text form, so Get-FirmwareInfo, Install-PyboardFirmware and Backup-PyboardFirmware
    /// print ranges the same way.
    /// </summary>
    /// <remarks>
    /// The address is a uint because every address the module meets is one: DfuSe element addresses and STM32 flash are
    /// 32-bit fields, and ESP32 flash offsets are too. The length is a long so a region may reach the very end of the
    /// address space (<see cref="EndAddress"/> 0x1_0000_0000) without overflowing.
    /// </remarks>
    public sealed class MemoryRegion : IEquatable<MemoryRegion>
    {
        public MemoryRegion(uint address, long length)
        {
            if (length < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(length), length, "A region's length cannot be negative.");
            }

            Address = address;
            Length = length;
        }

        public uint Address { get; }

        public long Length { get; }

        /// <summary>Exclusive end address.</summary>
        public long EndAddress => Address + Length;

        /// <summary>"0x08000000-0x08003FFF", inclusive, as dfu-util prints ranges; "0x08000000 (empty)" for no bytes.</summary>
        public string Range => Length == 0
            ? string.Format(CultureInfo.InvariantCulture, "0x{0:X8} (empty)", Address)
            : string.Format(CultureInfo.InvariantCulture, "0x{0:X8}-0x{1:X8}", Address, EndAddress - 1);

        /// <summary>The one text form: "0x08000000-0x08003FFF (16 KiB)"; an empty region is just its <see cref="Range"/>.</summary>
        public override string ToString() => Length == 0 ? Range : Range + " (" + ByteSize.Format(Length) + ")";

        public bool Equals(MemoryRegion? other) => other is not null && other.Address == Address && other.Length == Length;

        public override bool Equals(object? obj) => Equals(obj as MemoryRegion);

        public override int GetHashCode() => unchecked(((int)Address * 397) ^ Length.GetHashCode());
    }
}
