using System.Security.Cryptography;

namespace FirmwareTools.Tests.Esp32;

/// <summary>Builds ESP32 images by the format of brief §7 (header, segments, padding, checksum, optional SHA-256) for tests.</summary>
internal static class Esp32TestImages
{
    public static byte[] Build(int chipId = 0, int[]? segmentLengths = null, bool hashAppended = true, int seed = 1, byte[]? trailer = null)
    {
        var random = new Random(seed);
        segmentLengths ??= [0x400, 0x1234];
        var image = new List<byte> { 0xE9, (byte)segmentLengths.Length, 0x02, 0x20 };
        image.AddRange(BitConverter.GetBytes(0x40080000u));
        image.AddRange([0xEE, 0, 0, 0]);
        image.AddRange(BitConverter.GetBytes((ushort)chipId));
        image.Add(0); // legacy min revision
        image.AddRange(BitConverter.GetBytes((ushort)0)); // min rev full
        image.AddRange(BitConverter.GetBytes((ushort)0xFFFF)); // max rev full
        image.AddRange([0, 0, 0, 0]);
        image.Add(hashAppended ? (byte)1 : (byte)0);
        byte checksum = 0xEF;
        uint load = 0x3FFB0000;
        foreach (int length in segmentLengths)
        {
            image.AddRange(BitConverter.GetBytes(load));
            image.AddRange(BitConverter.GetBytes((uint)length));
            var data = new byte[length];
            for (int i = 0; i < length; i++)
            {
                // Firmware-like: mostly repetitive with some entropy, so it compresses.
                data[i] = random.Next(4) == 0 ? (byte)random.Next(256) : (byte)(i % 17);
            }

            foreach (byte b in data)
            {
                checksum ^= b;
            }

            image.AddRange(data);
            load += (uint)length;
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

        if (trailer != null)
        {
            image.AddRange(trailer);
        }

        return image.ToArray();
    }

    /// <summary>A partition table: one factory app entry, then 0xFF to 3072 bytes.</summary>
    public static byte[] PartitionTable()
    {
        var table = Enumerable.Repeat((byte)0xFF, 3072).ToArray();
        byte[] entry = [0xAA, 0x50, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x18, 0x00, .. "factory"u8.ToArray(), .. new byte[9], 0, 0, 0, 0];
        entry.CopyTo(table, 0);
        return table;
    }
}
