using System.Text;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Simulators.Rp2;

/// <summary>
/// The BOOTSEL drive's disk as the ROM serves it by LBA (docs/protocols/rp2-uf2-picoboot.md §2.2): 128 MiB of 512-byte sectors; LBA 0 an MBR with one
/// FAT16 partition (type 0x0E) from LBA 1; the boot sector ("MSWIN4.1", 8 sectors per cluster, 1 reserved, 2 FATs of 129
/// sectors, 512 root entries, media 0xF8, label RPI-RP2 / RP2350); the root directory at LBA 260 with the label,
/// INDEX.HTM (cluster 2, LBA 292) and INFO_UF2.TXT (cluster 3, LBA 300), read-only and archive, dated 2008-09-05 16:20:50.
/// Every other sector reads as zeros.
/// </summary>
public sealed class Rp2BootselVolume
{
    public const long SectorCount = 262144;
    public const int SectorSize = 512;
    public const int PartitionStart = 1;
    public const int FatStart = 2;
    public const int SectorsPerFat = 129;
    public const int RootStart = FatStart + (2 * SectorsPerFat);
    public const int RootSectors = 32;
    public const int DataStart = RootStart + RootSectors;
    public const int SectorsPerCluster = 8;

    // 2008-09-05 16:20:50 in FAT's packed date and time.
    private const ushort FatDate = ((2008 - 1980) << 9) | (9 << 5) | 5;
    private const ushort FatTime = (16 << 11) | (20 << 5) | (50 / 2);

    public Rp2BootselVolume(Rp2Chip chip, string romVersion, uint volumeSerial)
    {
        Chip = chip;
        Label = chip == Rp2Chip.Rp2040 ? "RPI-RP2" : "RP2350";
        InfoUf2 = chip == Rp2Chip.Rp2040
            ? "UF2 Bootloader v3.0\nModel: Raspberry Pi RP2\nBoard-ID: RPI-RP2\n"
            : "UF2 Bootloader v1.0\nModel: Raspberry Pi RP2350\nBoard-ID: RP2350\n";
        string url = $"https://raspberrypi.com/device/{(chip == Rp2Chip.Rp2040 ? "RP2" : "RP2350")}?version={romVersion}";
        IndexHtm = $"<html><head><meta http-equiv=\"refresh\" content=\"0;URL='{url}'\"/></head><body>Redirecting to <a href='{url}'>raspberrypi.com</a></body></html>\n";
        VolumeSerial = volumeSerial;
    }

    public Rp2Chip Chip { get; }

    public string Label { get; }

    public string InfoUf2 { get; }

    public string IndexHtm { get; }

    public uint VolumeSerial { get; }

    public byte[] ReadSector(long lba)
    {
        var sector = new byte[SectorSize];
        switch (lba)
        {
            case 0:
                WriteMbr(sector);
                break;
            case PartitionStart:
                WriteBootSector(sector);
                break;
            case FatStart:
            case FatStart + SectorsPerFat:
                // Media descriptor, end-of-chain marker, then one-cluster chains for INDEX.HTM and INFO_UF2.TXT.
                foreach ((int index, ushort value) in new[] { (0, (ushort)0xFFF8), (1, (ushort)0xFFFF), (2, (ushort)0xFFFF), (3, (ushort)0xFFFF) })
                {
                    BitConverter.GetBytes(value).CopyTo(sector, index * 2);
                }

                break;
            case RootStart:
                WriteRootDirectory(sector);
                break;
            case DataStart:
                Encoding.ASCII.GetBytes(IndexHtm).CopyTo(sector, 0);
                break;
            case DataStart + SectorsPerCluster:
                Encoding.ASCII.GetBytes(InfoUf2).CopyTo(sector, 0);
                break;
        }

        return sector;
    }

    /// <summary>Writes the whole disk as a sparse file (only the non-zero sectors are written), for fsck.fat and mtools.</summary>
    public void WriteImage(string path, bool partitionOnly)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        long first = partitionOnly ? PartitionStart : 0;
        file.SetLength((SectorCount - first) * SectorSize);
        foreach (long lba in new long[] { 0, PartitionStart, FatStart, FatStart + SectorsPerFat, RootStart, DataStart, DataStart + SectorsPerCluster })
        {
            if (lba < first)
            {
                continue;
            }

            file.Position = (lba - first) * SectorSize;
            file.Write(ReadSector(lba));
        }
    }

    private void WriteMbr(byte[] sector)
    {
        BitConverter.GetBytes(VolumeSerial).CopyTo(sector, 0x1B8);
        int entry = 0x1BE;
        sector[entry + 4] = 0x0E;
        BitConverter.GetBytes((uint)PartitionStart).CopyTo(sector, entry + 8);
        BitConverter.GetBytes((uint)(SectorCount - PartitionStart)).CopyTo(sector, entry + 12);
        sector[510] = 0x55;
        sector[511] = 0xAA;
    }

    private void WriteBootSector(byte[] s)
    {
        s[0] = 0xEB;
        s[1] = 0x3C;
        s[2] = 0x90;
        Encoding.ASCII.GetBytes("MSWIN4.1").CopyTo(s, 3);
        BitConverter.GetBytes((ushort)SectorSize).CopyTo(s, 11);
        s[13] = SectorsPerCluster;
        BitConverter.GetBytes((ushort)1).CopyTo(s, 14);
        s[16] = 2;
        BitConverter.GetBytes((ushort)512).CopyTo(s, 17);
        s[21] = 0xF8;
        BitConverter.GetBytes((ushort)SectorsPerFat).CopyTo(s, 22);
        BitConverter.GetBytes((ushort)1).CopyTo(s, 24);
        BitConverter.GetBytes((ushort)1).CopyTo(s, 26);
        BitConverter.GetBytes((uint)PartitionStart).CopyTo(s, 28);
        BitConverter.GetBytes((uint)(SectorCount - PartitionStart)).CopyTo(s, 32);
        s[36] = 0x80;
        s[38] = 0x29;
        BitConverter.GetBytes(VolumeSerial).CopyTo(s, 39);
        Encoding.ASCII.GetBytes(Label.PadRight(11)).CopyTo(s, 43);
        Encoding.ASCII.GetBytes("FAT16   ").CopyTo(s, 54);
        s[510] = 0x55;
        s[511] = 0xAA;
    }

    private void WriteRootDirectory(byte[] sector)
    {
        DirectoryEntry(sector, 0, Label.PadRight(11), 0x08, 0, 0);
        DirectoryEntry(sector, 32, "INDEX   HTM", 0x21, 2, IndexHtm.Length);
        DirectoryEntry(sector, 64, "INFO_UF2TXT", 0x21, 3, InfoUf2.Length);
    }

    private static void DirectoryEntry(byte[] sector, int offset, string name83, byte attributes, ushort cluster, int size)
    {
        Encoding.ASCII.GetBytes(name83).CopyTo(sector, offset);
        sector[offset + 11] = attributes;
        foreach (int at in new[] { 14, 22 })
        {
            BitConverter.GetBytes(FatTime).CopyTo(sector, offset + at);
            BitConverter.GetBytes(FatDate).CopyTo(sector, offset + at + 2);
        }

        BitConverter.GetBytes(FatDate).CopyTo(sector, offset + 18);
        BitConverter.GetBytes(cluster).CopyTo(sector, offset + 26);
        BitConverter.GetBytes((uint)size).CopyTo(sector, offset + 28);
    }
}
