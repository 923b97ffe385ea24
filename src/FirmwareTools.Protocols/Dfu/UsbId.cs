using System;
using System.Globalization;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// Reads a USB vendor or product ID the way users write them: an integer (PowerShell's 0x0483 literal
    /// arrives as an int) or a hex string as lsusb and dfu-util print it ("0483", "0x0483", "df11").
    /// Strings are always hex, never decimal, because that is how every tool shows IDs.
    /// </summary>
    public static class UsbId
    {
        public static ushort Parse(object? value)
        {
            if (TryParse(value, out ushort id, out string? problem))
            {
                return id;
            }

            throw DfuErrors.InvalidUsbId(Describe(value), problem!);
        }

        public static bool TryParse(object? value, out ushort id, out string? problem)
        {
            id = 0;
            switch (value)
            {
                case null:
                    problem = "no value was given";
                    return false;
                case string text:
                    return TryParseHex(text, out id, out problem);
                case HexUsbId hex:
                    // A result's id (Get-DfuDevice's VendorId) passed on as it is.
                    return TryRange(hex.Value, out id, out problem);
                case byte or sbyte or short or ushort or int or uint or long:
                    return TryRange(Convert.ToInt64(value, CultureInfo.InvariantCulture), out id, out problem);
                case ulong big:
                    return TryRange(big > long.MaxValue ? long.MaxValue : (long)big, out id, out problem);
                default:
                    problem = $"a {value.GetType().Name} is neither an integer nor a hex string";
                    return false;
            }
        }

        private static bool TryRange(long number, out ushort id, out string? problem)
        {
            if (number < 0 || number > ushort.MaxValue)
            {
                id = 0;
                problem = "it is outside 0 to 65535 (0xFFFF)";
                return false;
            }

            id = (ushort)number;
            problem = null;
            return true;
        }

        private static bool TryParseHex(string text, out ushort id, out string? problem)
        {
            id = 0;
            string digits = text.Trim();
            if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                digits = digits.Substring(2);
            }

            if (digits.Length == 0)
            {
                problem = "it has no hex digits";
                return false;
            }

            if (digits.Length > 4)
            {
                problem = "it has more than four hex digits";
                return false;
            }

            foreach (char c in digits)
            {
                if (!Uri.IsHexDigit(c))
                {
                    problem = $"'{c}' is not a hex digit";
                    return false;
                }
            }

            id = ushort.Parse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            problem = null;
            return true;
        }

        private static string Describe(object? value) =>
            value is null ? "(null)" : Convert.ToString(value, CultureInfo.InvariantCulture) ?? value.GetType().Name;
    }
}
