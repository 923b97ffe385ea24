using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace FirmwareTools.Protocols
{
    /// <summary>Sector numbers as a person writes them: consecutive runs become ranges, so 0,1,...,11 reads "0-11" and 0,5,6,7 reads "0,5-7".</summary>
    public static class NumberRanges
    {
        public static string Format(IReadOnlyList<int> numbers)
        {
            var text = new StringBuilder();
            for (int i = 0; i < numbers.Count;)
            {
                int last = i;
                while (last + 1 < numbers.Count && numbers[last + 1] == numbers[last] + 1)
                {
                    last++;
                }

                if (text.Length > 0)
                {
                    text.Append(',');
                }

                text.Append(numbers[i].ToString(CultureInfo.InvariantCulture));
                if (last > i)
                {
                    // Two numbers in a row stay a list ("5,6"): a range of two saves nothing.
                    text.Append(last == i + 1 ? "," : "-").Append(numbers[last].ToString(CultureInfo.InvariantCulture));
                }

                i = last + 1;
            }

            return text.ToString();
        }
    }
}
