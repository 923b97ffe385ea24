namespace FirmwareTools.Simulators.Rp2;

/// <summary>
/// The QSPI flash (docs/protocols/rp2-uf2-picoboot.md §5.2): bytes start as 0xFF, an erase sets a 4 KiB sector to 0xFF, programming ANDs the new bytes
/// in (bits only clear), addresses past the chip alias (24-bit addressing). Counts erases and programs; a page programmed
/// twice without an erase in between is recorded.
/// </summary>
public sealed class VirtualRp2Flash
{
    private readonly byte[] bytes;
    private readonly Dictionary<uint, int> pageProgramsSinceErase = [];

    public VirtualRp2Flash(uint size)
    {
        bytes = new byte[size];
        Array.Fill(bytes, (byte)0xFF);
    }

    public uint Size => (uint)bytes.Length;

    public int SectorErases { get; private set; }

    public int PagePrograms { get; private set; }

    /// <summary>Page offsets programmed twice without an erase (real flash behaviour is then undefined).</summary>
    public List<uint> DoubleProgrammedPages { get; } = [];

    /// <summary>The sector offsets erased, in order.</summary>
    public List<uint> ErasedSectors { get; } = [];

    public uint Offset(uint address) => (address - Rp2RomProtocol.FlashStart) % Size;

    public byte[] Snapshot() => (byte[])bytes.Clone();

    public void Load(uint offset, byte[] content) => content.CopyTo(bytes, (int)offset);

    public byte[] Read(uint address, int length)
    {
        var result = new byte[length];
        for (int i = 0; i < length; i++)
        {
            result[i] = bytes[Offset(address + (uint)i)];
        }

        return result;
    }

    public void EraseSector(uint address)
    {
        uint offset = Offset(address) & ~(uint)(Rp2RomProtocol.SectorSize - 1);
        Array.Fill(bytes, (byte)0xFF, (int)offset, Rp2RomProtocol.SectorSize);
        for (uint page = offset; page < offset + Rp2RomProtocol.SectorSize; page += Rp2RomProtocol.PageSize)
        {
            pageProgramsSinceErase.Remove(page);
        }

        ErasedSectors.Add(offset);
        SectorErases++;
    }

    public void ProgramPage(uint address, ReadOnlySpan<byte> page)
    {
        uint offset = Offset(address) & ~(uint)(Rp2RomProtocol.PageSize - 1);
        for (int i = 0; i < Rp2RomProtocol.PageSize; i++)
        {
            bytes[offset + i] &= page[i];
        }

        int count = pageProgramsSinceErase.GetValueOrDefault(offset) + 1;
        pageProgramsSinceErase[offset] = count;
        if (count == 2)
        {
            DoubleProgrammedPages.Add(offset);
        }

        PagePrograms++;
    }
}
