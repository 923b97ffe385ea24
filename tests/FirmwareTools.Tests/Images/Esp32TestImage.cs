using System.Security.Cryptography;

namespace FirmwareTools.TestImages;

/// <summary>
/// The one builder of ESP32 test images, compiled into the unit tests and the fuzz targets (linked from
/// tests/FirmwareTools.Tests/Images). Written from the §7 layout of docs/protocols/esp32-rom-loader.md independently of the reader: 24-byte header,
/// segments (load address, length, data), zero padding to a checksum byte at an offset ≡ 15 (mod 16),
/// checksum = 0xEF XOR data, then the SHA-256 of everything before it when hash_appended is 1.
/// </summary>
internal static class Esp32TestImage
{
    public static byte[] Build(IReadOnlyList<(uint Load, byte[] Data)> segments, byte mode = 0x02, byte sizeFrequency = 0x20, bool hashAppended = true, ushort chipId = 0, uint entry = 0x40080000)
    {
        var image = new List<byte> { 0xE9, (byte)segments.Count, mode, sizeFrequency };
        image.AddRange(BitConverter.GetBytes(entry));
        image.Add(0xEE); // WP pin disabled
        image.AddRange(new byte[3]); // drive strengths
        image.AddRange(BitConverter.GetBytes(chipId));
        image.Add(0); // legacy min revision
        image.AddRange(BitConverter.GetBytes((ushort)0)); // min_rev_full
        image.AddRange(BitConverter.GetBytes((ushort)0xFFFF)); // max_rev_full
        image.AddRange(new byte[4]); // reserved
        image.Add(hashAppended ? (byte)1 : (byte)0);
        byte checksum = 0xEF;
        foreach ((uint load, byte[] data) in segments)
        {
            image.AddRange(BitConverter.GetBytes(load));
            image.AddRange(BitConverter.GetBytes((uint)data.Length));
            image.AddRange(data);
            foreach (byte b in data)
            {
                checksum ^= b;
            }
        }

        while (image.Count % 16 != 15)
        {
            image.Add(0);
        }

        image.Add(checksum);
        if (hashAppended)
        {
            image.AddRange(SHA256.HashData(image.ToArray()));
        }

        return image.ToArray();
    }

    /// <summary>
    /// An image whose segments (default 0x400 and 0x1234 bytes, loaded one after another from 0x3FFB0000) hold
    /// firmware-like data: mostly repetitive with some seeded entropy, so it compresses. <paramref name="trailer"/>
    /// is appended after the image (what a merged .bin carries after its first image).
    /// </summary>
    public static byte[] FirmwareLike(int chipId = 0, int[]? segmentLengths = null, bool hashAppended = true, int seed = 1, byte[]? trailer = null)
    {
        var random = new Random(seed);
        var segments = new List<(uint, byte[])>();
        uint load = 0x3FFB0000;
        foreach (int length in segmentLengths ?? [0x400, 0x1234])
        {
            var data = new byte[length];
            for (int i = 0; i < length; i++)
            {
                data[i] = random.Next(4) == 0 ? (byte)random.Next(256) : (byte)(i % 17);
            }

            segments.Add((load, data));
            load += (uint)length;
        }

        return [.. Build(segments, hashAppended: hashAppended, chipId: (ushort)chipId), .. trailer ?? []];
    }

    /// <summary>A one-segment image whose <paramref name="dataLength"/> data bytes are seeded noise.</summary>
    public static byte[] OneSegment(int dataLength, int seed, bool hashAppended = true, uint load = 0x3FFF0000, byte mode = 0x02, byte sizeFrequency = 0x20)
    {
        var data = new byte[dataLength];
        new Random(seed).NextBytes(data);
        return Build(new[] { (load, data) }, mode, sizeFrequency, hashAppended);
    }

    /// <summary>A one-segment image of exactly <paramref name="totalLength"/> bytes (a multiple of 16), filled with seeded noise.</summary>
    public static byte[] OfLength(int totalLength, int seed, bool hashAppended = true, byte mode = 0x02, byte sizeFrequency = 0x20, uint load = 0x3FFF0000)
    {
        // header 24 + segment header 8 + data + padding + checksum (+ 32): data a multiple of 4 ending 3 bytes before the checksum.
        int withoutDigest = totalLength - (hashAppended ? 32 : 0);
        byte[] image = OneSegment(withoutDigest - 32 - 4, seed, hashAppended, load, mode, sizeFrequency);
        if (image.Length != totalLength)
        {
            throw new InvalidOperationException($"built {image.Length} bytes, wanted {totalLength}");
        }

        return image;
    }

    /// <summary>
    /// A partition table of <paramref name="length"/> bytes: one factory app entry (0x10000, 1.5 MiB), the MD5 entry
    /// when <paramref name="md5Entry"/>, then 0xFF.
    /// </summary>
    public static byte[] PartitionTable(int length = 3072, bool md5Entry = true)
    {
        var table = Enumerable.Repeat((byte)0xFF, length).ToArray();
        byte[] entry = new byte[32];
        entry[0] = 0xAA;
        entry[1] = 0x50;
        entry[2] = 0x00; // app
        entry[3] = 0x00; // factory
        BitConverter.GetBytes(0x10000u).CopyTo(entry, 4);
        BitConverter.GetBytes(0x180000u).CopyTo(entry, 8);
        "factory"u8.ToArray().CopyTo(entry, 12);
        entry.CopyTo(table, 0);
        if (md5Entry)
        {
            table[32] = 0xEB;
            table[33] = 0xEB;
            MD5.HashData(entry).CopyTo(table, 48);
        }

        return table;
    }
}
