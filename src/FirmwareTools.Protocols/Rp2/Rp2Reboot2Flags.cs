using System;

namespace FirmwareTools.Protocols.Rp2
{
    /// <summary>dFlags of REBOOT2 (RP2350): the reboot type in the low nibble, plus the architecture to boot.</summary>
    [Flags]
    public enum Rp2Reboot2Flags : uint
    {
        /// <summary>REBOOT_TYPE_NORMAL: boot as after power-up.</summary>
        Normal = 0x0,

        /// <summary>REBOOT_TYPE_BOOTSEL: back to the boot ROM's USB mode.</summary>
        Bootsel = 0x2,

        RamImage = 0x3,

        /// <summary>REBOOT_TYPE_FLASH_UPDATE: boot the image just written at dParam0 (the update base).</summary>
        FlashUpdate = 0x4,

        ToArm = 0x10,
        ToRiscV = 0x20,
    }
}
