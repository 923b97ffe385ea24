namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>Where a board is while it is updated: what Ctrl+C reports for it (issue 19 item 6).</summary>
    public enum BoardUpdateStage
    {
        /// <summary>Nothing was sent that changes the board: it runs its old firmware.</summary>
        OldFirmware,

        /// <summary><c>machine.bootloader()</c> or the reset was sent; the bootloader is expected.</summary>
        EnteringBootloader,

        /// <summary>In its bootloader, nothing written yet.</summary>
        InBootloader,

        /// <summary>Being erased and written: its firmware may be incomplete.</summary>
        Flashing,

        /// <summary>Written and verified; left the bootloader, the application's REPL is awaited.</summary>
        Restarting,

        /// <summary>Answered with the wanted version.</summary>
        NewFirmware,
    }
}
