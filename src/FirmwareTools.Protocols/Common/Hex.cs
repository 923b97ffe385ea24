using System;
using System.Globalization;
using System.Text;

namespace FirmwareTools.Protocols
{
    /// <summary>
    /// Hexadecimal text, one way everywhere: digests as lower-case digits (as sha256sum, md5sum and the ESP32 ROM print
    /// them), addresses and register values as <c>0x</c> and upper-case digits (as the protocol briefs and messages do).
    /// </summary>
    public static class Hex
    {
        /// <summary>Lower-case digits, two per byte, no separator: "a1b2..." (a SHA-256 or MD5 digest).</summary>
        public static string Lower(byte[] bytes)
        {
            if (bytes is null)
            {
                throw new ArgumentNullException(nameof(bytes));
            }

            var text = new StringBuilder(bytes.Length * 2);
            foreach (byte b in bytes)
            {
                text.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }

        /// <summary>
        /// Up to <paramref name="count"/> bytes from <paramref name="offset"/> (fewer at the end of the array) as upper-case
        /// pairs separated by spaces, as a hex dump shows them: "44 66 75 53 65".
        /// </summary>
        public static string Spaced(byte[] bytes, int offset, int count)
        {
            var text = new StringBuilder();
            for (int i = offset; i < Math.Min(bytes.Length, offset + count); i++)
            {
                text.Append(text.Length == 0 ? string.Empty : " ").Append(bytes[i].ToString("X2", CultureInfo.InvariantCulture));
            }

            return text.ToString();
        }

        /// <summary>"0x" and the shortest upper-case digits: 0x1000, 0x3FF5A000.</summary>
        public static string Address(uint value) => "0x" + value.ToString("X", CultureInfo.InvariantCulture);

        /// <summary>True when <paramref name="text"/> is one or more hex digits and nothing else.</summary>
        public static bool IsDigits(string text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return false;
            }

            foreach (char c in text)
            {
                if (!Uri.IsHexDigit(c))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// A 32-bit value written as hex digits with an optional "0x"/"0X" prefix (at most eight digits, no sign, no
        /// spaces): "0x1000", "8000". False for anything else.
        /// </summary>
        public static bool TryParseUInt32(string text, out uint value)
        {
            value = 0;
            if (text is null)
            {
                return false;
            }

            string digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text.Substring(2) : text;
            return digits.Length <= 8 && IsDigits(digits) &&
                   uint.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }
    }
}
