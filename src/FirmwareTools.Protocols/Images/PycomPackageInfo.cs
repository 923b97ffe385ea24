using System.Collections.Generic;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>What Get-FirmwareInfo shows for a Pycom package: its files, scripts, and what would be written on 4 MB and 8 MB boards.</summary>
    public sealed class PycomPackageInfo
    {
        public IReadOnlyList<PycomPackageMember> Files { get; init; } = new PycomPackageMember[0];

        /// <summary>The scripts the package carries (script_8MB, script_4MB, script2, script).</summary>
        public IReadOnlyList<string> Scripts { get; init; } = new string[0];

        /// <summary>The plan for each Pycom flash size (4 MB, 8 MB) that the package can be flashed to.</summary>
        public IReadOnlyList<PycomFlashPlan> Plans { get; init; } = new PycomFlashPlan[0];

        /// <summary>Why a flash size cannot take the package ("8 MiB: ..."); empty when both can.</summary>
        public IReadOnlyList<string> PlanProblems { get; init; } = new string[0];

        public override string ToString() => $"{Files.Count} files, {string.Join(", ", Scripts)}";
    }
}
