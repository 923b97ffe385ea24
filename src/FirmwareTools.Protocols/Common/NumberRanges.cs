using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace FirmwareTools.Protocols
{
    /// <summary>Writes a list of numbers with runs summarised, as people write sector lists: 0, 5-7 and 0-11.</summary>
    public static class NumberRanges
    {
        public static string Format(IEnumerable<int> numbers)
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

                text.Append(text.Length == 0 ? string.Empty : ", ");
                text.Append(sorted[i].ToString(CultureInfo.InvariantCulture));

                // Two in a row read better as "5, 6" than "5-6"; three or more become a range.
                if (j - i >= 2)
                {
                    text.Append('-').Append(sorted[j].ToString(CultureInfo.InvariantCulture));
                }
                else if (j > i)
                {
                    text.Append(", ").Append(sorted[j].ToString(CultureInfo.InvariantCulture));
                }

                i = j + 1;
            }

            return text.ToString();
        }
    }
}
