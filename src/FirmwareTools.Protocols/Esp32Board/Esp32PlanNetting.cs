using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>
    /// Nets a Pycom plan for -SkipUnchanged (issue 17 item 4): merges steps whose ranges overlap and works out the bytes
    /// the whole sequence leaves in each merged range (an erase leaves 0xFF, a write its bytes, a later step overrides an
    /// earlier one). A range whose final contents the chip already holds needs none of its steps.
    /// </summary>
    internal static class Esp32PlanNetting
    {
        public static IReadOnlyList<Esp32NettedRange> Net(IReadOnlyList<PycomPlanStep> steps)
        {
            var ranges = new List<Esp32NettedRange>();
            foreach (List<int> group in OverlapGroups(steps))
            {
                long start = group.Min(i => (long)steps[i].Offset);
                long end = group.Max(i => steps[i].End);
                byte[] final = new byte[end - start];
                foreach (int i in group)
                {
                    Apply(steps[i], final, start);
                }

                ranges.Add(new Esp32NettedRange((uint)start, final.Length, Md5Digest.Of(final), group));
            }

            return ranges;
        }

        /// <summary>Groups of step indexes (each in plan order) whose ranges overlap, directly or through another step.</summary>
        private static IEnumerable<List<int>> OverlapGroups(IReadOnlyList<PycomPlanStep> steps)
        {
            List<int> byOffset = Enumerable.Range(0, steps.Count).Where(i => steps[i].Length > 0).OrderBy(i => steps[i].Offset).ToList();
            var group = new List<int>();
            long groupEnd = -1;
            foreach (int i in byOffset)
            {
                if (group.Count > 0 && steps[i].Offset >= groupEnd)
                {
                    group.Sort();
                    yield return group;
                    group = new List<int>();
                }

                group.Add(i);
                groupEnd = Math.Max(groupEnd, steps[i].End);
            }

            if (group.Count > 0)
            {
                group.Sort();
                yield return group;
            }
        }

        private static void Apply(PycomPlanStep step, byte[] final, long start)
        {
            int at = (int)(step.Offset - start);
            if (step.Kind == PycomPlanStepKind.Erase)
            {
                for (int k = 0; k < step.Length; k++)
                {
                    final[at + k] = 0xFF;
                }

                return;
            }

            using Stream data = step.OpenData()!;
            int read = 0;
            while (read < step.Length)
            {
                int n = data.Read(final, at + read, (int)step.Length - read);
                if (n <= 0)
                {
                    break;
                }

                read += n;
            }

            // The step's length includes the 0xFF padding to a multiple of 4 (PycomPlanStep.Length).
            for (int k = read; k < step.Length; k++)
            {
                final[at + k] = 0xFF;
            }
        }
    }
}
