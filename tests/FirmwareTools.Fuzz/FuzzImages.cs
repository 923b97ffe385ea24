using System.Text;
using FirmwareTools.TestImages;
using ICSharpCode.SharpZipLib.GZip;
using ICSharpCode.SharpZipLib.Tar;

namespace FirmwareTools.Fuzz;

/// <summary>
/// A Pycom package of small valid ESP32 images (Esp32TestImage) built in memory (docs/protocols/esp32-rom-loader.md §7 and §10.1 layouts), for the targets that need
/// a sound package around the fuzzed script. Written independently of the readers.
/// </summary>
public static class FuzzImages
{
    /// <summary>The members a WiPy package carries, each small.</summary>
    public static (string Name, byte[] Data)[] WiPyMembers() => new[]
    {
        ("bootloader.bin", Esp32TestImage.OneSegment(400, 1, hashAppended: false, mode: 0x00)),
        ("partitions.bin", Esp32TestImage.PartitionTable(256, md5Entry: false)),
        ("partitions_4MB.bin", Esp32TestImage.PartitionTable(256, md5Entry: false)),
        ("partitions_8MB.bin", Esp32TestImage.PartitionTable(256, md5Entry: false)),
        ("wipy.bin", Esp32TestImage.OneSegment(2000, 2, load: 0x3F400020)),
        ("factory_fw.bin", Esp32TestImage.OneSegment(1000, 3, load: 0x3F400020)),
        ("fs.bin", Encoding.ASCII.GetBytes("littlefs image stand-in")),
    };

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
