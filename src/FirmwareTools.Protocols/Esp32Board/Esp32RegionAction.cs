namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>What happened to one flash region.</summary>
    public enum Esp32RegionAction
    {
        /// <summary>The data was sent and written.</summary>
        Written,

        /// <summary>The flash already held exactly these bytes (its MD5 matched, -SkipUnchanged): nothing was sent.</summary>
        Skipped,

        /// <summary>The range was erased (a Pycom script's erase step, or -EraseAll).</summary>
        Erased,
    }
}
