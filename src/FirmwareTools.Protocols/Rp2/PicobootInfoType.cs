namespace FirmwareTools.Protocols.Rp2
{
    /// <summary>bType of GET_INFO (RP2350).</summary>
    public enum PicobootInfoType : byte
    {
        /// <summary>dParams[0] flags: CHIP_INFO 0x01, CRITICAL 0x02, CPU_INFO 0x04, FLASH_DEV_INFO 0x08, BOOT_RANDOM 0x10, BOOT_INFO 0x40.</summary>
        Sys = 1,
        PartitionTable = 2,

        /// <summary>dParams[0] = family id: where the ROM would put a UF2 of that family.</summary>
        Uf2TargetPartition = 3,
        Uf2Status = 4,
    }
}
