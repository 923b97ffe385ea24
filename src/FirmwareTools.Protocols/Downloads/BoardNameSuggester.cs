using System;
using System.Collections.Generic;
using System.Linq;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>"Did you mean" for board names: the known names closest by edit distance.</summary>
    public static class BoardNameSuggester
    {
        public static IReadOnlyList<string> Suggest(string wanted, IEnumerable<string> known, int max = 3)
        {
            string w = wanted.ToUpperInvariant();
            int limit = Math.Max(2, w.Length / 3);
            return known
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(k => (Name: k, Score: Score(w, k.ToUpperInvariant())))
                .Where(s => s.Score <= limit)
                .OrderBy(s => s.Score)
                .ThenBy(s => s.Name, StringComparer.Ordinal)
                .Take(max)
                .Select(s => s.Name)
                .ToList();
        }

        private static int Score(string wanted, string candidate) => Distance(wanted, candidate);

        /// <summary>Levenshtein distance.</summary>
        internal static int Distance(string a, string b)
        {
            var row = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                row[j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                int diagonal = row[0];
                row[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int above = row[j];
                    row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                    diagonal = above;
                }
            }

            return row[b.Length];
        }
    }
}
