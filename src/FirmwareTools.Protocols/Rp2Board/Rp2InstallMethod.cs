namespace FirmwareTools.Protocols.Rp2Board
{
    /// <summary>How Install-Rp2Firmware writes a board in BOOTSEL mode.</summary>
    public enum Rp2InstallMethod
    {
        /// <summary>Over the PICOBOOT USB interface: erase the touched sectors, write, read back and compare, reboot.</summary>
        Picoboot,

        /// <summary>Copy the .uf2 to the mounted BOOTSEL drive. Cannot be read back: success is the board leaving BOOTSEL.</summary>
        Drive,
    }
}
