using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Protocols.MicroPython;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>
    /// One board, prepared: what it is, what it runs, what it will get and by which route. Made by
    /// <see cref="BoardUpdater.Plan"/>, which only reads the board; nothing has been sent that changes it.
    /// </summary>
    public sealed class BoardUpdatePlan
    {
        public BoardUpdatePlan(BoardSurvey survey, BoardIdentity identity, BoardRoute route, FirmwareVersion wanted, string firmwareName)
        {
            Survey = survey;
            Identity = identity;
            Route = route;
            Wanted = wanted;
            FirmwareName = firmwareName;
        }

        public string Port => Survey.Port;

        public BoardSurvey Survey { get; }

        public BoardIdentity Identity { get; }

        public BoardRoute Route { get; }

        /// <summary>The version the board must report afterwards (docs/protocols/board-update.md §5.3 step 2).</summary>
        public FirmwareVersion Wanted { get; }

        /// <summary>The file's name: <c>PYBV11-20241129-v1.24.1.dfu</c>.</summary>
        public string FirmwareName { get; }

        /// <summary>The release to download, or null when -Path gave the file.</summary>
        public FirmwareRelease? Release { get; init; }

        /// <summary>The file given with -Path, or null when it is downloaded.</summary>
        public string? GivenPath { get; init; }

        /// <summary>The board runs the wanted version already (§5.2): it is not touched unless -Force.</summary>
        public bool IsCurrent { get; init; }

        /// <summary>The board runs a newer version than <see cref="Wanted"/> (§5.2): skipped unless -AllowDowngrade.</summary>
        public bool IsNewer { get; init; }

        public string Before => Survey.VersionText;

        /// <summary>One line for ShouldProcess: <c>PYBV11 on COM4: v1.22.2 -&gt; v1.24.1, PYBV11-20241129-v1.24.1.dfu</c>.</summary>
        public string Description => $"{Identity.FullName} on {Port}: {Before} -> {Wanted}, {FirmwareName}";
    }
}
