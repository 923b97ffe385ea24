using System.Security.Cryptography;

namespace FirmwareTools.Simulators.Samples;

/// <summary>ESP32 images and partition tables shaped like ESP-IDF's, for the sample files and the demo.</summary>
public static class Esp32SampleImages
{
    /// <summary>
    /// An ESP32 image of exactly <paramref name="length"/> bytes (docs/protocols/esp32-rom-loader.md §7): header for chip id 0, one segment of
    /// code-like data that deflates as firmware does, padding to the checksum at 15 mod 16, then the appended SHA-256.
    /// </summary>
    /// <param name="length">The image's length, SHA-256 included.</param>
    /// <param name="loadAddress">Where the one segment loads.</param>
    /// <param name="random">The source of the code-like bytes.</param>
    /// <param name="literal">Bytes placed in the segment before the checksum is computed (the lab's MicroPython banner).</param>
    /// <param name="chipId">The header's chip id (0 ESP32, 2 S2, 9 S3, 5 C3, 13 C6).</param>
    public static byte[] Image(int length, uint loadAddress, Random random, byte[]? literal = null, ushort chipId = 0)
    {
        ArgumentNullException.ThrowIfNull(random);
        const int HeaderLength = 24;
        const int SegmentHeaderLength = 8;
        int segment = length - 32 - HeaderLength - SegmentHeaderLength - 16; // checksum padded to 16, then SHA-256
        var image = new byte[length - 32];
        byte[] header = [0xE9, 1, 0x02, 0x20, 0x00, 0x00, 0x08, 0x40, 0xEE, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0, 1];
        header[12] = (byte)chipId;
        header[13] = (byte)(chipId >> 8);
        header.CopyTo(image, 0);
        BitConverter.GetBytes(loadAddress).CopyTo(image, HeaderLength);
        BitConverter.GetBytes((uint)segment).CopyTo(image, HeaderLength + 4);
        Span<byte> data = image.AsSpan(HeaderLength + SegmentHeaderLength, segment);
        byte[][] vocabulary = Enumerable.Range(0, 48).Select(_ => RandomBytes(random, 4 + random.Next(12))).ToArray();
        for (int at = 0; at < data.Length;)
        {
            byte[] piece = random.Next(3) == 0 ? RandomBytes(random, 1 + random.Next(8)) : vocabulary[random.Next(vocabulary.Length)];
            int n = Math.Min(piece.Length, data.Length - at);
            piece.AsSpan(0, n).CopyTo(data[at..]);
            at += n;
        }

        literal?.CopyTo(data[256..]);
        byte checksum = 0xEF;
        foreach (byte b in data)
        {
            checksum ^= b;
        }

        image[^1] = checksum;
        return [.. image, .. SHA256.HashData(image)];
    }

    /// <summary>A partition table (docs/protocols/esp32-rom-loader.md §8): 32-byte entries with the 0xAA50 magic, then 0xFF to 3072 bytes.</summary>
    public static byte[] PartitionTable(params (byte Type, byte Subtype, uint Offset, uint Size, string Name)[] partitions)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        var table = Enumerable.Repeat((byte)0xFF, 3072).ToArray();
        int at = 0;
        foreach ((byte type, byte subtype, uint offset, uint size, string name) in partitions)
        {
            var entry = new byte[32];
            entry[0] = 0xAA;
            entry[1] = 0x50;
            entry[2] = type;
            entry[3] = subtype;
            BitConverter.GetBytes(offset).CopyTo(entry, 4);
            BitConverter.GetBytes(size).CopyTo(entry, 8);
            System.Text.Encoding.ASCII.GetBytes(name).CopyTo(entry, 12);
            entry.CopyTo(table, at);
            at += 32;
        }

        return table;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
