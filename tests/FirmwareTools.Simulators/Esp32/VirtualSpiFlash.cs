namespace FirmwareTools.Simulators.Esp32;

/// <summary>
/// The board's SPI NOR flash: erased bytes read 0xFF, programming can only clear bits (new = old AND data), so a write
/// without its erase is visible; erasing works on whole 4 KiB sectors (docs/protocols/esp32-rom-loader.md §8.3).
/// </summary>
public sealed class VirtualSpiFlash
{
    public const int SectorSize = 0x1000;

    private readonly byte[] contents;

    public VirtualSpiFlash(int size)
    {
        if (size <= 0 || size % SectorSize != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "Flash size must be a positive multiple of 4096.");
        }

        contents = new byte[size];
        contents.AsSpan().Fill(0xFF);
    }

    public int Size => contents.Length;

    /// <summary>Sectors erased since creation (or <see cref="ResetCounters"/>): -SkipUnchanged tests assert 0.</summary>
    public int SectorsErased { get; private set; }

    /// <summary>Program operations (FLASH_DATA / FLASH_DEFL_DATA blocks reaching the array) since creation or <see cref="ResetCounters"/>.</summary>
    public int Writes { get; private set; }

    /// <summary>Bytes programmed since creation or <see cref="ResetCounters"/>.</summary>
    public long BytesProgrammed { get; private set; }

    public void ResetCounters()
    {
        SectorsErased = 0;
        Writes = 0;
        BytesProgrammed = 0;
    }

    /// <summary>The array itself: tests read it, and may preload it (e.g. an existing filesystem) before a run.</summary>
    public byte[] Contents => contents;

    /// <summary>Erases every sector that overlaps [offset, offset + length); returns the number of sectors.</summary>
    public int EraseRange(long offset, long length)
    {
        if (length <= 0)
        {
            return 0;
        }

        long first = offset / SectorSize;
        long last = (offset + length - 1) / SectorSize;
        for (long s = first; s <= last; s++)
        {
            contents.AsSpan((int)(s * SectorSize), SectorSize).Fill(0xFF);
        }

        SectorsErased += (int)(last - first + 1);
        return (int)(last - first + 1);
    }

    /// <summary>NOR programming: each byte becomes old AND new.</summary>
    public void Program(long offset, ReadOnlySpan<byte> data)
    {
        Writes++;
        BytesProgrammed += data.Length;
        Span<byte> target = contents.AsSpan((int)offset, data.Length);
        for (int i = 0; i < data.Length; i++)
        {
            target[i] &= data[i];
        }
    }
}
