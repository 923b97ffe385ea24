using System;
using System.Globalization;

namespace FirmwareTools.Protocols
{
    /// <summary>
    /// Reads values that people write in hex wherever they see them (USB ids in lsusb and Device Manager, flash
    /// addresses in every memory map): "0483", "0x0483", "08000000". The 0x prefix is optional and the digits are
    /// never read as decimal.
    /// </summary>
    public static class HexDigits
    {
        /// <summary>Parses <paramref name="text"/> as at most <paramref name="maxDigits"/> hex digits, 0x optional.</summary>
        /// <returns>null when it parsed, else what is wrong with it ("'g' is not a hex digit").</returns>
        public static string? TryParse(string text, int maxDigits, out ulong value)
        {
            if (text is null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            value = 0;
            string digits = text.Trim();
            if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                digits = digits.Substring(2);
            }

            if (digits.Length == 0)
            {
                return "it has no hex digits";
            }

            foreach (char c in digits)
            {
                if (!Uri.IsHexDigit(c))
                {
                    return $"'{c}' is not a hex digit";
                }
            }

            // Leading zeros are how ids and addresses are printed (0483, 08000000); they do not count against the width.
            string significant = digits.TrimStart('0');
            if (significant.Length > maxDigits)
            {
                return $"it has more than {maxDigits} significant hex digits";
            }

            value = significant.Length == 0 ? 0 : ulong.Parse(significant, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            return null;
        }

        /// <summary>
        /// The digits of a whole number PowerShell parsed as decimal (a bare 0483 on the command line or in <c>$v = 0483</c>
        /// becomes 483), read again as the hex the user meant: 483 gives 0x483. Null when its decimal digits do not fit
        /// <paramref name="maxDigits"/> hex digits (so the number cannot have been typed as hex digits).
        /// </summary>
        public static ulong? FromDecimalDigits(long number, int maxDigits)
        {
            if (number < 0)
            {
                return null;
            }

            return TryParse(number.ToString(CultureInfo.InvariantCulture), maxDigits, out ulong value) is null ? value : (ulong?)null;
        }
    }
}
