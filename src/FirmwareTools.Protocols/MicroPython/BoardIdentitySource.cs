namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>Which of the board's answers named it (docs/protocols/board-update.md §0: the order they are tried in).</summary>
    public enum BoardIdentitySource
    {
        /// <summary><c>sys.implementation._build</c> (v1.25.0 and later): the download's own name.</summary>
        Build,

        /// <summary>The <c>machine</c> string of <c>os.uname()</c> (or <c>sys.implementation._machine</c>), looked up in the table.</summary>
        Machine,

        /// <summary>Pycom's firmware, by its sysname and version fields.</summary>
        Pycom,

        /// <summary>The user's <c>-Board</c>.</summary>
        User,
    }
}
