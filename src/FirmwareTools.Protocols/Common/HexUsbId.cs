using System;
using System.Globalization;

namespace FirmwareTools.Protocols
{
    /// <summary>
    /// A USB vendor or product id as people see it everywhere (lsusb, Device Manager, the module's Id column): four
    /// hex digits, "0483". Results carry ids as this type so Export-Csv and string conversions write "0483", not the
    /// decimal 1155 that reads back as another id. Code compares and formats it as the 16-bit number it is.
    /// </summary>
    public readonly struct HexUsbId : IEquatable<HexUsbId>, IComparable<HexUsbId>, IComparable, IFormattable
    {
        public HexUsbId(ushort value) => Value = value;

        /// <summary>From any number in range (PowerShell converts a comparison's other operand through this constructor).</summary>
        public HexUsbId(int value)
        {
            if (value < 0 || value > ushort.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "A USB id is a 16-bit number (0000 to ffff).");
            }

            Value = (ushort)value;
        }

        /// <summary>The id as a number.</summary>
        public ushort Value { get; }

        public static implicit operator ushort(HexUsbId id) => id.Value;

        public static implicit operator HexUsbId(ushort value) => new(value);

        /// <summary>Four hex digits, with or without 0x: the forms ids are written in (PowerShell uses it to convert '0483').</summary>
        public static HexUsbId Parse(string text)
        {
            string digits = text.Trim();
            if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                digits = digits.Substring(2);
            }

            return ushort.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ushort value)
                ? new HexUsbId(value)
                : throw new FormatException($"'{text}' is not a USB id: give four hex digits, e.g. 0483.");
        }

        public bool Equals(HexUsbId other) => Value == other.Value;

        public override bool Equals(object? obj) => obj is HexUsbId other && Equals(other);

        public override int GetHashCode() => Value;

        public int CompareTo(HexUsbId other) => Value.CompareTo(other.Value);

        /// <summary>For PowerShell's -lt/-gt and Sort-Object, which compare through the non-generic interface.</summary>
        public int CompareTo(object? obj) => obj switch
        {
            null => 1,
            HexUsbId other => CompareTo(other),
            _ => throw new ArgumentException($"A USB id compares only with another USB id, not a {obj.GetType().Name}.", nameof(obj)),
        };

        /// <summary>"0483".</summary>
        public override string ToString() => Value.ToString("x4", CultureInfo.InvariantCulture);

        /// <summary>A numeric format applies to the number (<c>{0:X4}</c>); none gives the four lower-case hex digits.</summary>
        public string ToString(string? format, IFormatProvider? formatProvider) =>
            string.IsNullOrEmpty(format) ? ToString() : Value.ToString(format, formatProvider);
    }
}
