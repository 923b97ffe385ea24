namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>What Update-Firmware did to one board.</summary>
    public enum BoardUpdateAction
    {
        /// <summary>Flashed, and afterwards the same board (same <c>machine.unique_id()</c>) reported the wanted version.</summary>
        Updated,

        /// <summary>The board already ran the wanted version: not reset, not touched.</summary>
        AlreadyCurrent,

        /// <summary>Not updated, or not confirmed; the error written with it says what was seen.</summary>
        Failed,
    }
}
