using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace FirmwareTools.Protocols
{
    /// <summary>
    /// Sector numbers as a person writes them: runs of three or more become ranges, so 0,1,...,11 reads "0-11" and
    /// 0,5,6,7 reads "0, 5-7" in a sentence (<see cref="Format"/>) or "0,5-7" in a table column and a CSV cell
    /// (<see cref="FormatCompact"/>). Two in a row stay a list: a range of two saves nothing.
    /// </summary>
    public static class NumberRanges
    {
        /// <summary>For messages: items separated by ", ".</summary>
        public static string Format(IEnumerable<int> numbers) => Join(numbers, ", ");

        /// <summary>For narrow columns and CSV cells: items separated by ",".</summary>
        public static string FormatCompact(IEnumerable<int> numbers) => Join(numbers, ",");

        private static string Join(IEnumerable<int> numbers, string separator)
        {
            List<int> sorted = (numbers ?? Enumerable.Empty<int>()).Distinct().OrderBy(n => n).ToList();
            var text = new StringBuilder();
            for (int i = 0; i < sorted.Count;)
            {
                int j = i;
                while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1)
                {
                    j++;
                }

                text.Append(text.Length == 0 ? string.Empty : separator);
                text.Append(sorted[i].ToString(CultureInfo.InvariantCulture));
                if (j - i >= 2)
                {
                    text.Append('-').Append(sorted[j].ToString(CultureInfo.InvariantCulture));
                }
                else if (j > i)
                {
                    text.Append(separator).Append(sorted[j].ToString(CultureInfo.InvariantCulture));
                }

                i = j + 1;
            }

            return text.ToString();
        }
    }
}
