using System.Diagnostics;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Rp2;
using FirmwareTools.Simulators.Rp2;
using FirmwareTools.Simulators.Usb;
using Xunit;

namespace FirmwareTools.Tests.Rp2;

/// <summary>The virtual BOOTSEL drive: UF2 sectors processed as the ROMs do (docs/protocols/rp2-uf2-picoboot.md §2.3), and its volume judged by Debian's fsck.fat and mtools.</summary>
public sealed class VirtualRp2DriveTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("rp2-drive-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData(Rp2Chip.Rp2040)]
    [InlineData(Rp2Chip.Rp2350)]
    public async Task A_copied_uf2_lands_in_flash_and_the_board_reboots_into_micropython(Rp2Chip chip)
    {
        var rom = new VirtualRp2BootRom(new VirtualRp2Settings { Chip = chip, Uf2RebootDelay = TimeSpan.Zero });
        using var bus = new VirtualUsbBus(rom);
        byte[] image = Rp2FirmwareImages.Bootable(chip, 20000);

        rom.CopyToDrive(Uf2Writer.Write(image, 0x10000000, chip == Rp2Chip.Rp2040 ? Uf2Family.Rp2040 : Uf2Family.Rp2350ArmSecure));
        VirtualUsbDevice next = await rom.Rebooted.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(image, rom.Flash.Read(0x10000000, image.Length));
        Assert.Equal((ushort)0x0005, next.Pid);
        Assert.Equal(chip == Rp2Chip.Rp2040 ? null : 0x14u, rom.RebootFlags);
    }

    [Fact]
    public async Task Shuffled_duplicated_blocks_between_filesystem_sectors_still_program_every_page_once()
    {
        var rom = new VirtualRp2BootRom(new VirtualRp2Settings { Uf2RebootDelay = TimeSpan.Zero });
        byte[] image = Rp2FirmwareImages.Bootable(Rp2Chip.Rp2040, 16384);
        byte[][] blocks = Uf2Writer.Write(image, 0x10000000, Uf2Family.Rp2040).Chunk(512).ToArray();
        var order = Enumerable.Range(0, blocks.Length).Select(i => (i * 37) % blocks.Length).ToList();

        long lba = 500;
        foreach (int i in order.Take(5).Concat(order))
        {
            rom.WriteDriveSector(lba++, new byte[512]);
            rom.WriteDriveSector(lba++, blocks[i]);
        }

        await rom.Rebooted.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(image, rom.Flash.Read(0x10000000, image.Length));
        Assert.Equal(64, rom.Flash.PagePrograms);
        Assert.Equal(4, rom.Flash.SectorErases);
    }

    [Fact]
    public void An_rp2350_file_on_the_rp2040_drive_writes_nothing_and_never_reboots()
    {
        var rom = new VirtualRp2BootRom(new VirtualRp2Settings { Uf2RebootDelay = TimeSpan.Zero });

        rom.CopyToDrive(Rp2FirmwareImages.Uf2(Rp2Chip.Rp2350, 8192));

        Assert.Equal(0, rom.Flash.PagePrograms);
        Assert.False(rom.RebootScheduled);
    }

    [Fact]
    public void A_missing_block_leaves_flash_partly_written_and_no_reboot()
    {
        var rom = new VirtualRp2BootRom(new VirtualRp2Settings { Uf2RebootDelay = TimeSpan.Zero });
        byte[] file = Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 8192);

        rom.CopyToDrive(file.Take(512 * 31).ToArray());

        Assert.Equal(31, rom.Flash.PagePrograms);
        Assert.False(rom.RebootScheduled);
    }

    [Fact]
    public void Rp2040_E14_an_image_not_starting_on_a_sector_skips_an_erase()
    {
        var rom = new VirtualRp2BootRom(new VirtualRp2Settings { Uf2RebootDelay = TimeSpan.Zero });
        rom.Flash.Load(0, new byte[8192]);
        byte[] image = Enumerable.Repeat((byte)0xA5, 16 * 256).ToArray();

        // 16 pages from 0x10000100: blocks 0-15 index erase bitmap entry 0 only, so the sector at 0x10001000 is never erased.
        rom.CopyToDrive(Uf2Writer.Write(image, 0x10000100, Uf2Family.Rp2040));

        Assert.Equal(1, rom.Flash.SectorErases);
        Assert.Equal(Enumerable.Repeat((byte)0xA5, 256), rom.Flash.Read(0x10000100, 256));
        Assert.All(rom.Flash.Read(0x10001000, 256), b => Assert.Equal(0x00, b));
        Assert.Contains("RP2040-E14", Uf2FlashImage.Select(Uf2File.Parse(Uf2Writer.Write(image, 0x10000100, Uf2Family.Rp2040), "e14.uf2"), new Uf2SelectOptions { Chip = Rp2Chip.Rp2040 }).DriveCopyProblem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rp2350_drive_writes_the_E10_block_into_the_last_filesystem_sector_of_a_4MiB_pico2()
    {
        var rom = new VirtualRp2BootRom(new VirtualRp2Settings { Chip = Rp2Chip.Rp2350, Uf2RebootDelay = TimeSpan.FromDays(1) });
        byte[] filesystem = Enumerable.Repeat((byte)0x42, 4096).ToArray();
        rom.Flash.Load(0x3FF000, filesystem);

        rom.CopyToDrive(Rp2FirmwareImages.Uf2(Rp2Chip.Rp2350, 8192));

        Assert.Equal(Enumerable.Repeat((byte)0xEF, 256), rom.Flash.Read(0x103FFF00, 256));
        Assert.All(rom.Flash.Read(0x103FF000, 0xF00), b => Assert.Equal(0xFF, b));
        Assert.True(rom.RebootScheduled);
    }

    [Theory]
    [InlineData(Rp2Chip.Rp2040, 0u)]
    [InlineData(Rp2Chip.Rp2350, 0x10u)]
    public void Exclusive_access_keeps_drive_writes_out(Rp2Chip chip, uint status)
    {
        var rom = new VirtualRp2BootRom(new VirtualRp2Settings { Chip = chip });
        using PicobootConnection picoboot = PicobootConnection.Open(rom, "rom");
        picoboot.ExclusiveAccess(PicobootExclusiveMode.Exclusive);

        rom.CopyToDrive(Rp2FirmwareImages.Uf2(chip, 4096));

        Assert.Equal(0, rom.Flash.PagePrograms);
        Assert.Equal(status, rom.Uf2Status & 0x10);
        picoboot.ExclusiveAccess(PicobootExclusiveMode.ExclusiveAndEject);
        Assert.Throws<IOException>(() => rom.ReadDriveSector(0));
    }

    [Theory]
    [InlineData(Rp2Chip.Rp2040, "RPI-RP2", "UF2 Bootloader v3.0\nModel: Raspberry Pi RP2\nBoard-ID: RPI-RP2\n")]
    [InlineData(Rp2Chip.Rp2350, "RP2350", "UF2 Bootloader v1.0\nModel: Raspberry Pi RP2350\nBoard-ID: RP2350\n")]
    public void Fsck_fat_and_mtools_accept_the_volume_and_read_INFO_UF2(Rp2Chip chip, string label, string info)
    {
        var rom = new VirtualRp2BootRom(new VirtualRp2Settings { Chip = chip });
        string disk = Path.Combine(directory, "disk.img");
        string partition = Path.Combine(directory, "part.img");
        rom.Volume.WriteImage(disk, partitionOnly: false);
        rom.Volume.WriteImage(partition, partitionOnly: true);

        (int fsckExit, string fsck) = Run(FindTool("fsck.fat"), "-n", "-v", partition);
        (int dirExit, string listing) = Run("mdir", "-i", disk + "@@512", "::");
        (int typeExit, string text) = Run("mtype", "-i", disk + "@@512", "::INFO_UF2.TXT");
        (int labelExit, string volumeLabel) = Run("mlabel", "-s", "-i", disk + "@@512", "::");

        Assert.True(fsckExit == 0, fsck);
        // Partition-relative: root at sector 259 = LBA 260, data at sector 291 = LBA 292, as in docs/protocols/rp2-uf2-picoboot.md.
        Assert.Contains("2 FATs, 16 bit entries", fsck, StringComparison.Ordinal);
        Assert.Contains("Root directory starts at byte 132608 (sector 259)", fsck, StringComparison.Ordinal);
        Assert.Contains("Data area starts at byte 148992 (sector 291)", fsck, StringComparison.Ordinal);
        Assert.Contains("3 files, 2/32731 clusters", fsck, StringComparison.Ordinal);
        Assert.DoesNotContain("differ", fsck, StringComparison.Ordinal);
        Assert.True(dirExit == 0, listing);
        Assert.Contains("INDEX    HTM", listing, StringComparison.Ordinal);
        Assert.Contains("INFO_UF2 TXT", listing, StringComparison.Ordinal);
        Assert.Contains("2008-09-05", listing, StringComparison.Ordinal);
        Assert.True(typeExit == 0, text);
        Assert.Equal(info, text);
        Assert.True(labelExit == 0, volumeLabel);
        Assert.Contains(label, volumeLabel, StringComparison.Ordinal);
    }

    private static string FindTool(string name) =>
        new[] { "/usr/sbin/" + name, "/sbin/" + name, "/usr/bin/" + name }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is not installed; run `bash tools/install-test-deps.sh` (Debian package dosfstools).");

    private static (int Exit, string Output) Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["MTOOLS_SKIP_CHECK"] = "1";
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start; run `bash tools/install-test-deps.sh`.");
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            throw new TimeoutException($"{tool} did not finish within 60 s.");
        }

        return (process.ExitCode, output);
    }
}
