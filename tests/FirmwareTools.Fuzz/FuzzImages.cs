using System.Security.Cryptography;
using System.Text;
using FirmwareTools.Protocols.Images;
using ICSharpCode.SharpZipLib.GZip;
using ICSharpCode.SharpZipLib.Tar;

namespace FirmwareTools.Fuzz;

/// <summary>
/// Small valid ESP32 images and a Pycom package built in memory (brief §7 and §10.1 layouts), for the targets that need
/// a sound package around the fuzzed script. Written independently of the readers.
/// </summary>
public static class FuzzImages
{
    /// <summary>An ESP32 image: header, one segment of <paramref name="dataLength"/> seeded bytes, checksum, SHA-256 when asked.</summary>
    public static byte[] Image(int dataLength, int seed, bool hashAppended = true, uint load = 0x3FFF0000, byte mode = 0x02, byte sizeFrequency = 0x20)
    {
        var data = new byte[dataLength];
        new Random(seed).NextBytes(data);
        var image = new List<byte> { Esp32Image.Magic, 1, mode, sizeFrequency };
        image.AddRange(BitConverter.GetBytes(0x40080000u));
        image.Add(0xEE);
        image.AddRange(new byte[3]);
        image.AddRange(BitConverter.GetBytes((ushort)0));
        image.Add(0);
        image.AddRange(BitConverter.GetBytes((ushort)0));
        image.AddRange(BitConverter.GetBytes((ushort)0xFFFF));
        image.AddRange(new byte[4]);
        image.Add(hashAppended ? (byte)1 : (byte)0);
        image.AddRange(BitConverter.GetBytes(load));
        image.AddRange(BitConverter.GetBytes((uint)data.Length));
        image.AddRange(data);
        byte checksum = 0xEF;
        foreach (byte b in data)
        {
            checksum ^= b;
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

    /// <summary>The members a WiPy package carries, each small.</summary>
    public static (string Name, byte[] Data)[] WiPyMembers() => new[]
    {
        ("bootloader.bin", Image(400, 1, hashAppended: false, mode: 0x00)),
        ("partitions.bin", PartitionTable()),
        ("partitions_4MB.bin", PartitionTable()),
        ("partitions_8MB.bin", PartitionTable()),
        ("wipy.bin", Image(2000, 2, load: 0x3F400020)),
        ("factory_fw.bin", Image(1000, 3, load: 0x3F400020)),
        ("fs.bin", Encoding.ASCII.GetBytes("littlefs image stand-in")),
    };

    /// <summary>One partition entry (magic AA 50, factory app at 0x10000) then 0xFF.</summary>
    public static byte[] PartitionTable()
    {
        var table = Enumerable.Repeat((byte)0xFF, 256).ToArray();
        table[0] = 0xAA;
        table[1] = 0x50;
        table[2] = 0;
        table[3] = 0;
        BitConverter.GetBytes(0x10000u).CopyTo(table, 4);
        BitConverter.GetBytes(0x180000u).CopyTo(table, 8);
        Encoding.ASCII.GetBytes("factory\0\0\0\0\0\0\0\0\0").CopyTo(table, 12);
        return table;
    }

    /// <summary>A gzip-compressed ustar archive of <paramref name="files"/>, as Pycom publishes packages.</summary>
    public static byte[] Package(params (string Name, byte[] Data)[] files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipOutputStream(buffer) { IsStreamOwner = false })
        using (var tar = new TarOutputStream(gzip, Encoding.UTF8) { IsStreamOwner = false })
        {
            foreach ((string name, byte[] data) in files)
            {
                TarEntry entry = TarEntry.CreateTarEntry(name);
                entry.Size = data.Length;
                entry.ModTime = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
                tar.PutNextEntry(entry);
                tar.Write(data, 0, data.Length);
                tar.CloseEntry();
            }
        }

        return buffer.ToArray();
    }
}
