namespace FirmwareTools.Simulators.Dfu;

/// <summary>
/// One memory behind an alternate setting of the virtual bootloader: its bytes, sectors and permissions,
/// matching the alt's layout string. Flash semantics (docs/protocols/dfu-dfuse.md §6.4): erase sets a sector to 0xFF, programming only
/// clears bits (old AND new).
/// </summary>
public sealed class VirtualMemoryArea
{
    public VirtualMemoryArea(string name, uint start, int[] sectorSizes, bool erasable, byte fill = 0xFF)
    {
        Name = name;
        Start = start;
        SectorSizes = sectorSizes;
        IsErasable = erasable;
        Bytes = new byte[sectorSizes.Sum()];
        Array.Fill(Bytes, fill);
        EraseCounts = new int[sectorSizes.Length];
    }

    public string Name { get; }

    public uint Start { get; }

    public IReadOnlyList<int> SectorSizes { get; }

    public bool IsErasable { get; }

    /// <summary>The live contents; tests may read and preset them.</summary>
    public byte[] Bytes { get; }

    /// <summary>How many times each sector was erased (sector or mass erase).</summary>
    public int[] EraseCounts { get; }

    public long End => Start + (long)Bytes.Length;

    public bool Contains(long address) => address >= Start && address < End;

    public bool Contains(long address, long length) => Contains(address) && address + length <= End;

    public int SectorIndexOf(long address)
    {
        long offset = address - Start;
        for (int i = 0; i < SectorSizes.Count; i++)
        {
            if (offset < SectorSizes[i])
            {
                return i;
            }

            offset -= SectorSizes[i];
        }

        throw new ArgumentOutOfRangeException(nameof(address));
    }

    public long SectorStart(int index) => Start + SectorSizes.Take(index).Sum(s => (long)s);

    public void EraseSector(int index)
    {
        Array.Fill(Bytes, (byte)0xFF, (int)(SectorStart(index) - Start), SectorSizes[index]);
        EraseCounts[index]++;
    }

    public void EraseAll()
    {
        for (int i = 0; i < SectorSizes.Count; i++)
        {
            EraseSector(i);
        }
    }

    /// <summary>Programs bytes the way F4 flash does; returns true when any target byte was not erased.</summary>
    public bool Program(long address, byte[] data, int offset, int count)
    {
        int at = (int)(address - Start);
        bool overwroteProgrammed = false;
        for (int i = 0; i < count; i++)
        {
            byte old = Bytes[at + i];
            if (old != 0xFF)
            {
                overwroteProgrammed = true;
            }

            Bytes[at + i] = (byte)(old & data[offset + i]);
        }

        return overwroteProgrammed;
    }

    /// <summary>Stores bytes as they are (option bytes: the ROM erases and reprograms them as one unit).</summary>
    public void Store(long address, byte[] data, int offset, int count) => Array.Copy(data, offset, Bytes, (int)(address - Start), count);

    public byte[] Read(long address, int count)
    {
        var result = new byte[count];
        Array.Copy(Bytes, (int)(address - Start), result, 0, count);
        return result;
    }

    public VirtualMemoryArea CloneContents()
    {
        var copy = new VirtualMemoryArea(Name, Start, SectorSizes.ToArray(), IsErasable);
        Array.Copy(Bytes, copy.Bytes, Bytes.Length);
        Array.Copy(EraseCounts, copy.EraseCounts, EraseCounts.Length);
        return copy;
    }
}
