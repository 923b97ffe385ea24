namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>What Update-Firmware did to one board.</summary>
    public enum BoardUpdateAction
    {
        /// <summary>Flashed, and afterwards the same board (same <c>machine.unique_id()</c>) reported the wanted version.</summary>
        Updated,

        /// <summary>The board already ran the wanted version: not reset, not touched.</summary>
        AlreadyCurrent,

        /// <summary>
        /// The board runs a newer version than the one wanted (a preview against the latest release): not touched, with a
        /// warning; -AllowDowngrade flashes it (docs/protocols/board-update.md §5.2).
        /// </summary>
        SkippedNewer,

        /// <summary>Not updated, or not confirmed; the error written with it says what was seen.</summary>
        Failed,
    }
}
