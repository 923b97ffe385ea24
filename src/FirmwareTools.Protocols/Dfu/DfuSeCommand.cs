namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>ST DfuSe commands carried in DNLOAD block 0 (docs/protocols/dfu-dfuse.md §4.1), and the fixed addresses the host needs.</summary>
    public static class DfuSeCommand
    {
        public const byte GetCommands = 0x00;
        public const byte SetAddressPointer = 0x21;

        /// <summary>With a 4-byte address: erase the sector holding it; alone: mass erase.</summary>
        public const byte Erase = 0x41;

        /// <summary>Removes read protection by wiping the whole chip; the device then resets.</summary>
        public const byte ReadUnprotect = 0x92;

        /// <summary>DNLOAD/UPLOAD wValue of a command block.</summary>
        public const ushort CommandBlock = 0;

        /// <summary>wValue of the first data block; data block n lands at pointer + (n - 2) * wTransferSize.</summary>
        public const ushort FirstDataBlock = 2;

        /// <summary>Start of STM32 internal flash, where the ROM jumps on leave.</summary>
        public const uint FlashStart = 0x08000000;

        public static byte[] SetAddressPayload(uint address) => WithAddress(SetAddressPointer, address);

        public static byte[] EraseSectorPayload(uint address) => WithAddress(Erase, address);

        private static byte[] WithAddress(byte command, uint address) =>
            new[] { command, (byte)address, (byte)(address >> 8), (byte)(address >> 16), (byte)(address >> 24) };
    }
}
