using System.Globalization;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// The UF2 family ids of the Raspberry Pi chips (pico-sdk boot/uf2.h, microsoft/uf2 uf2families.json). The RP2040 ROM
    /// accepts only <see cref="Rp2040"/>; the RP2350 ROM without a partition table accepts <see cref="Rp2xxxAbsolute"/>,
    /// <see cref="Rp2350ArmSecure"/> and <see cref="Rp2350RiscV"/>.
    /// </summary>
    public static class Uf2Family
    {
        /// <summary>CYW43 Wi-Fi firmware, an SDK extra no ROM accepts.</summary>
        public const uint Cyw43Firmware = 0xE48BFF55;

        public const uint Rp2040 = 0xE48BFF56;

        /// <summary>RP2XXX_ABSOLUTE: the whole flash, the default partition of an RP2350 without a partition table.</summary>
        public const uint Rp2xxxAbsolute = 0xE48BFF57;

        /// <summary>RP2XXX_DATA: RP2350 data partitions only.</summary>
        public const uint Rp2xxxData = 0xE48BFF58;

        /// <summary>RP2350_ARM_S: the ROM boots the Arm cores afterwards.</summary>
        public const uint Rp2350ArmSecure = 0xE48BFF59;

        /// <summary>RP2350_RISCV: the ROM boots the RISC-V cores afterwards.</summary>
        public const uint Rp2350RiscV = 0xE48BFF5A;

        /// <summary>RP2350_ARM_NS: partitions only.</summary>
        public const uint Rp2350ArmNonSecure = 0xE48BFF5B;

        /// <summary>The name pico-sdk and picotool print, or the id in hex when it is none of the Raspberry Pi families.</summary>
        public static string Name(uint familyId)
        {
            switch (familyId)
            {
                case Cyw43Firmware: return "CYW43_FIRMWARE";
                case Rp2040: return "RP2040";
                case Rp2xxxAbsolute: return "RP2XXX_ABSOLUTE";
                case Rp2xxxData: return "RP2XXX_DATA";
                case Rp2350ArmSecure: return "RP2350_ARM_S";
                case Rp2350RiscV: return "RP2350_RISCV";
                case Rp2350ArmNonSecure: return "RP2350_ARM_NS";
                default: return "0x" + familyId.ToString("X8", CultureInfo.InvariantCulture);
            }
        }

        /// <summary>Name and id: "RP2040 (0xE48BFF56)".</summary>
        public static string Describe(uint familyId)
        {
            string hex = "0x" + familyId.ToString("X8", CultureInfo.InvariantCulture);
            string name = Name(familyId);
            return name == hex ? hex : name + " (" + hex + ")";
        }
    }
}
