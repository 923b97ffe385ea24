namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>One flash sector the flasher erases (DfuSe command 0x41 with the sector's start address).</summary>
    public sealed class DfuSeEraseSector
    {
        public DfuSeEraseSector(byte alternateSetting, int index, uint address, uint size)
        {
            AlternateSetting = alternateSetting;
            Index = index;
            Address = address;
            Size = size;
        }

        public byte AlternateSetting { get; }

        /// <summary>
        /// The sector's number counted from the first sector of the alternate setting's layout; on an STM32F405 this is
        /// the reference manual's sector number (0 to 11).
        /// </summary>
        public int Index { get; }

        public uint Address { get; }

        public uint Size { get; }

        /// <summary>Exclusive end address.</summary>
        public long EndAddress => (long)Address + Size;

        public override string ToString() => $"alt {AlternateSetting} sector {Index} 0x{Address:X8} ({ByteSize.Format(Size)})";
    }
}
