namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// The order in which a backend that cannot set DTR and RTS in one operation changes them, so that a board on the
    /// DevKit auto-reset circuit never sees (DTR released, RTS asserted) on the way, the one state that pulls EN low
    /// (docs/protocols/esp32-rom-loader.md §3.1; docs/protocols/esp32-family.md §3.1), unless that state is the target.
    /// </summary>
    public static class ModemLineOrder
    {
        /// <summary>
        /// True when RTS must be written before DTR to go from the current lines to (<paramref name="dtr"/>,
        /// <paramref name="rts"/>). DTR goes first as esptool writes them (ClassicReset passes from (off, on) to (on, off)
        /// through (on, on)), except where that would pass through (off, on). When the current state is unknown (an
        /// RFC 2217 server's lines as another client left them), RTS goes first whenever it ends released: from any
        /// starting state that order cannot pass through a reset.
        /// </summary>
        public static bool RtsFirst(bool? currentDtr, bool? currentRts, bool dtr, bool rts)
        {
            bool targetIsReset = !dtr && rts;
            if (currentDtr is not bool oldDtr || currentRts is not bool oldRts)
            {
                return !rts;
            }

            // Writing DTR first shows (dtr, oldRts) for an instant when both lines change.
            bool bothChange = dtr != oldDtr && rts != oldRts;
            bool dtrFirstPassesReset = bothChange && !dtr && oldRts;
            return dtrFirstPassesReset && !targetIsReset;
        }
    }
}
