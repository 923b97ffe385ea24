using System.Collections.Generic;
using System.Linq;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// What flashing a Pycom package to one board does, decided before anything is written: the script chosen for the
    /// board's flash size and its steps in execution order (the erases in script order, then the writes in script order,
    /// then the otadata record when the updater would add one). Run <see cref="Steps"/> in order; see <see cref="PycomPlanStep"/>.
    /// </summary>
    public sealed class PycomFlashPlan
    {
        internal PycomFlashPlan(string packagePath, PycomScript script, long flashSize, IReadOnlyList<PycomPlanStep> steps, IReadOnlyList<string> warnings, bool configBlockKept)
        {
            PackagePath = packagePath;
            Script = script;
            FlashSize = flashSize;
            Steps = steps;
            Warnings = warnings;
            ConfigBlockKept = configBlockKept;
        }

        public string PackagePath { get; }

        public PycomScript Script { get; }

        /// <summary>The board's flash size the plan was made for.</summary>
        public long FlashSize { get; }

        public IReadOnlyList<PycomPlanStep> Steps { get; }

        /// <summary>Things the user should know (truncated writes, steps cut around the config block, an unpatched header).</summary>
        public IReadOnlyList<string> Warnings { get; }

        /// <summary>True unless the user allowed the config block to be changed.</summary>
        public bool ConfigBlockKept { get; }

        public long EraseBytes => Steps.Where(s => s.Kind == PycomPlanStepKind.Erase).Sum(s => s.Length);

        public long WriteBytes => Steps.Where(s => s.Kind == PycomPlanStepKind.Write).Sum(s => s.Length);

        /// <summary>For ShouldProcess: "Run script_4MB of WiPy-1.20.tar.gz: write 0x1000 bootloader.bin (12896 bytes), ...".</summary>
        public string Description => $"Run {Script.Name} of {System.IO.Path.GetFileName(PackagePath)}: {string.Join(", ", Steps)}";

        public override string ToString() => Description;
    }
}
