namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>Which DFU interface a device shows (DFU 1.1 §4.1 and §4.2).</summary>
    public enum DfuMode
    {
        /// <summary>DFU mode (bInterfaceProtocol 2): the bootloader is running and accepts firmware.</summary>
        Dfu,

        /// <summary>Run-time (bInterfaceProtocol 1): the application offers DFU_DETACH to reach DFU mode.</summary>
        Runtime,
    }
}
