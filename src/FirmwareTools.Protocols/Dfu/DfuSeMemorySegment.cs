namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// One run of equal sectors in a DfuSe memory layout ("04*016Kg" is four 16 KiB sectors). The type
    /// letter's low three bits are the permissions, as ST, dfu-util and webdfu read them: bit 0 readable,
    /// bit 1 erasable, bit 2 writable.
    /// </summary>
    public sealed class DfuSeMemorySegment
    {
        public DfuSeMemorySegment(uint startAddress, uint sectorSize, uint sectorCount, char typeLetter)
        {
            StartAddress = startAddress;
            SectorSize = sectorSize;
            SectorCount = sectorCount;
            TypeLetter = typeLetter;
        }

        public uint StartAddress { get; }

        public uint SectorSize { get; }

        public uint SectorCount { get; }

        /// <summary>The letter as written in the layout ('a' to 'g').</summary>
        public char TypeLetter { get; }

        public long Length => (long)SectorSize * SectorCount;

        /// <summary>Exclusive end address (StartAddress + Length); a long so a segment ending at 4 GiB is representable.</summary>
        public long EndAddress => StartAddress + Length;

        public bool IsReadable => (TypeLetter & 0x1) != 0;

        public bool IsErasable => (TypeLetter & 0x2) != 0;

        public bool IsWritable => (TypeLetter & 0x4) != 0;

        public bool Contains(long address) => address >= StartAddress && address < EndAddress;

        /// <summary>Start address of the sector holding <paramref name="address"/>, which must lie in this segment.</summary>
        public uint SectorStart(long address) => (uint)(StartAddress + ((address - StartAddress) / SectorSize * SectorSize));

        /// <summary>"0x08000000-0x0800FFFF 4x16K rew": sector sizes in K as the layout string and ST's reference manuals write them.</summary>
        public override string ToString() =>
            $"0x{StartAddress:X8}-0x{EndAddress - 1:X8} {SectorCount}x{SectorSizeText} {(IsReadable ? "r" : "-")}{(IsErasable ? "e" : "-")}{(IsWritable ? "w" : "-")}";

        private string SectorSizeText => SectorSize % 1024 == 0 ? (SectorSize / 1024).ToString(System.Globalization.CultureInfo.InvariantCulture) + "K" : SectorSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
