namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>Where a board's version facts came from.</summary>
    public enum DeviceVersionSource
    {
        /// <summary><c>os.uname()</c>.</summary>
        OsUname,

        /// <summary><c>uos.uname()</c> (firmware whose <c>os</c> module is still called <c>uos</c>).</summary>
        UosUname,

        /// <summary><c>sys.implementation</c>, <c>sys.version</c> and <c>sys.platform</c>: ports without <c>uname</c>.</summary>
        Sys,
    }
}
