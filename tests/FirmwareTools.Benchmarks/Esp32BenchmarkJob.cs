using FirmwareTools.Protocols.Esp32;

namespace FirmwareTools.Benchmarks;

/// <summary>
/// The WiPy-shaped job of issue 7: 12,896 B at 0x1000, 3,072 B at 0x8000, 1,286,416 B at 0x10000, with deterministic
/// data that deflates like real firmware (about 0.6 of its size: code-like words from a small vocabulary mixed with
/// random bytes, and 0xFF padding runs).
/// </summary>
internal sealed class Esp32BenchmarkJob
{
    public Esp32BenchmarkJob(params (uint Offset, int Length)[] regions)
        : this(0, regions)
    {
    }

    /// <summary>A job whose images carry <paramref name="chipId"/> in their headers (bytes 12-13), so the installer takes them for that chip.</summary>
    public Esp32BenchmarkJob(int chipId, params (uint Offset, int Length)[] regions)
    {
        var random = new Random(0x1E55);
        Regions = regions.Select(r => (r.Offset, Shape(r.Offset, FirmwareLike(r.Length, random), chipId))).ToArray();
    }

    public static Esp32BenchmarkJob WiPy() => new((0x1000, 12_896), (0x8000, 3_072), (0x10000, 1_286_416));

    /// <summary>
    /// The WiPy-shaped job for a later chip (docs/protocols/esp32-family.md §2.1): the same sizes, the bootloader at the
    /// chip's offset (0x1000 on the S2, 0x0 on the S3, C3 and C6), every image carrying the chip's id.
    /// </summary>
    public static Esp32BenchmarkJob WiPyShaped(int chipId, uint bootloaderOffset, bool quick) =>
        new(chipId, (bootloaderOffset, 12_896), (0x8000, 3_072), (0x10000, quick ? 64_000 : 1_286_416));

    public IReadOnlyList<(uint Offset, byte[] Data)> Regions { get; }

    public long TotalLength => Regions.Sum(r => (long)r.Data.Length);

    public static byte[] FirmwareLike(int length, Random random)
    {
        var vocabulary = new byte[64][];
        for (int i = 0; i < vocabulary.Length; i++)
        {
            vocabulary[i] = new byte[4 + random.Next(12)];
            random.NextBytes(vocabulary[i]);
        }

        var data = new byte[length];
        int at = 0;
        while (at < length)
        {
            int pick = random.Next(100);
            if (pick < 34)
            {
                byte[] word = vocabulary[random.Next(vocabulary.Length)];
                int n = Math.Min(word.Length, length - at);
                Array.Copy(word, 0, data, at, n);
                at += n;
            }
            else if (pick < 99)
            {
                int n = Math.Min(1 + random.Next(12), length - at);
                random.NextBytes(data.AsSpan(at, n));
                at += n;
            }
            else
            {
                int n = Math.Min(16 + random.Next(200), length - at);
                data.AsSpan(at, n).Fill(0xFF);
                at += n;
            }
        }

        return data;
    }

    /// <summary>
    /// Makes the data what its offset needs, so the installer validates it as it would real files: a partition table's
    /// AA 50 at 0x8000, elsewhere a valid ESP32 image (one segment filling the file, checksum in the last byte; the
    /// lengths are multiples of 16 so the checksum lands at offset 15 mod 16 with no padding).
    /// </summary>
    private static byte[] Shape(uint offset, byte[] data, int chipId)
    {
        if (offset == 0x8000)
        {
            data[0] = 0xAA;
            data[1] = 0x50;
            return data;
        }

        if (data.Length % 16 != 0 || data.Length < 64)
        {
            throw new ArgumentException("Image regions must be a multiple of 16 bytes long.");
        }

        byte[] header = [0xE9, 1, 0x02, 0x20, 0x00, 0x00, 0x08, 0x40, 0xEE, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0, 0];
        header[12] = (byte)chipId;
        header.CopyTo(data, 0);
        int segment = data.Length - 24 - 8 - 1;
        BitConverter.GetBytes(0x3F400020u).CopyTo(data, 24);
        BitConverter.GetBytes((uint)segment).CopyTo(data, 28);
        byte checksum = 0xEF;
        foreach (byte b in data.AsSpan(32, segment))
        {
            checksum ^= b;
        }

        data[^1] = checksum;
        return data;
    }

    /// <summary>The zlib stream of one region, as our client sends it (level 9), in ROM-sized blocks.</summary>
    public static IReadOnlyList<byte[]> CompressedBlocks(byte[] data) =>
        ZlibBlockCompressor.Blocks(new MemoryStream(data), (data.Length + 3) / 4 * 4, Esp32Protocol.FlashWriteSize).Select(b => b.ToArray()).ToArray();
}
