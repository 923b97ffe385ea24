using System.Formats.Tar;
using System.IO.Compression;

namespace FirmwareTools.Simulators.Samples;

/// <summary>
/// A package shaped like Pycom's WiPy firmware download (a .tar.gz holding bootloader.bin, partitions.bin, the app and
/// the updater's scripts): script_4MB and script_8MB erase the file system's first sector and write the three files,
/// as Pycom's scripts do, and leave the config block (LoRa/Sigfox MACs) at the end of the flash alone.
/// </summary>
public sealed class PycomSamplePackage : ISampleFirmware
{
    private const int AppLength = 64 * 1024;

    public string FileName => "WiPy-sample.tar.gz";

    public string Description => "a Pycom firmware package for a WiPy (ESP32), run by its script (Install-Esp32Firmware)";

    public byte[] Build()
    {
        var random = new Random(0x9C0);
        (string Name, byte[] Data)[] members =
        [
            ("bootloader.bin", Esp32SampleImages.Image(8 * 1024, 0x3FFF0000, random)),
            ("partitions.bin", Esp32SampleImages.PartitionTable((1, 0x02, 0x9000, 0x7000, "nvs"), (1, 0, 0x1BE000, 0x1000, "otadata"), (0, 0x00, 0x10000, 0x1AE000, "factory"), (0, 0x10, 0x1C0000, 0x1AE000, "ota_0"))),
            ("wipy.bin", Esp32SampleImages.Image(AppLength, 0x3F400020, random)),
            ("script_4MB", Script),
            ("script_8MB", Script),
        ];
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach ((string name, byte[] data) in members)
            {
                writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
            }
        }

        var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(tar.ToArray());
        }

        return gz.ToArray();
    }

    private static byte[] Script => System.Text.Encoding.UTF8.GetBytes(
        """
        {"version": "2.1",
         "partitions": {"factory": ["0x10000", "0x1AE000"], "ota_0": ["0x1C0000", "0x1AE000"], "otadata": ["0x1BE000", "0x1000"]},
         "script": [["e", "fs", "0x0"], ["w", "bootloader", "bootloader.bin"], ["w", "partitions", "partitions.bin"], ["w", "factory", "wipy.bin"]]}
        """);
}
