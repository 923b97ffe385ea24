using FirmwareTools.Tests.Common;
using System.Text.Json;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Rp2;
using FirmwareTools.Protocols.Rp2Board;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Rp2;
using FirmwareTools.Simulators.Usb;
using Xunit;

namespace FirmwareTools.Tests.Rp2;

/// <summary>Install-Rp2Firmware's and Backup-Rp2Firmware's operations against virtual RP2040 and RP2350 boards.</summary>
public sealed class Rp2InstallerTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("rp2-install-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData(Rp2Chip.Rp2040)]
    [InlineData(Rp2Chip.Rp2350)]
    public async Task Picoboot_writes_only_the_touched_sectors_reads_back_keeps_the_filesystem_and_reboots(Rp2Chip chip)
    {
        var rom = new VirtualRp2BootRom(new VirtualRp2Settings { Chip = chip });
        using var bus = new VirtualUsbBus(rom);
        Rp2BoardProfile board = Rp2BoardProfile.All.First(b => b.Chip == chip);
        byte[] filesystem = Enumerable.Repeat((byte)0x5A, (int)board.Filesystem.Length).ToArray();
        rom.Flash.Load(board.FilesystemStart - 0x10000000, filesystem);
        byte[] image = Rp2FirmwareImages.Bootable(chip, 150_000);
        string file = Write("fw.uf2", Rp2FirmwareImages.Uf2(chip, 150_000));
        var phases = new List<OperationProgress>();

        Rp2Device device = Rp2DeviceFinder.Find(bus, drives: _ => []).Single();
        Rp2InstallPreparation prepared = Rp2Installer.Prepare(device, new Rp2InstallRequest { Path = file });
        Rp2InstallResult result = Rp2Installer.Install(prepared, bus, new SyncProgress(phases.Add));
        VirtualUsbDevice next = await rom.Rebooted.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Rp2InstallMethod.Picoboot, result.Method);
        Assert.True(result.Verified);
        Assert.Equal("read back", result.Verification);
        Assert.Equal(37, result.SectorsErased);
        Assert.Equal(image, rom.Flash.Read(0x10000000, image.Length));
        Assert.All(rom.Flash.Read(0x10000000 + (uint)image.Length, (37 * 4096) - image.Length), b => Assert.Equal(0xFF, b));
        Assert.Equal(filesystem, rom.Flash.Read(board.FilesystemStart, filesystem.Length));
        Assert.Equal(37, rom.Flash.SectorErases);
        Assert.Empty(rom.Flash.DoubleProgrammedPages);
        Assert.Equal(0, rom.FlashWorkWithXipActive);
        Assert.Equal((ushort)0x0005, next.Pid);
        Assert.Equal(chip == Rp2Chip.Rp2040 ? null : 0x14u, rom.RebootFlags);
        Assert.Equal(["Erase", "Write", "Verify"], phases.Select(p => p.Phase).Distinct());
        Assert.All(new[] { "Erase", "Write", "Verify" }, phase => Assert.True(phases.Last(p => p.Phase == phase).IsFinal));
    }

    [Fact]
    public void A_page_that_does_not_program_is_a_verify_error_and_the_board_stays_in_bootsel()
    {
        var rom = new VirtualRp2BootRom();
        rom.Faults.StuckPageAddress = 0x10003100;
        using var bus = new VirtualUsbBus(rom);
        string file = Write("fw.uf2", Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 20000));
        Rp2InstallPreparation prepared = Rp2Installer.Prepare(Rp2DeviceFinder.Find(bus, drives: _ => []).Single(), new Rp2InstallRequest { Path = file });

        var e = Catalogued.Throws("Rp2VerifyFailed", () => Rp2Installer.Install(prepared, bus));

        Assert.Contains("the byte at 0x10003100 reads", e.Message, StringComparison.Ordinal);
        Assert.Equal("Rp2VerifyFailed", e.ErrorId);
        Assert.Contains("stays in BOOTSEL", e.Message, StringComparison.Ordinal);
        Assert.False(rom.RebootScheduled);
        Assert.True(rom.IsConnected);
    }

    [Fact]
    public void Unplugged_mid_write_is_an_error_naming_the_board()
    {
        var rom = new VirtualRp2BootRom(new VirtualRp2Settings { Chip = Rp2Chip.Rp2350 });
        rom.Faults.DisconnectAfterPages = 30;
        using var bus = new VirtualUsbBus(rom);
        string file = Write("fw.uf2", Rp2FirmwareImages.Uf2(Rp2Chip.Rp2350, 20000));
        Rp2InstallPreparation prepared = Rp2Installer.Prepare(Rp2DeviceFinder.Find(bus, drives: _ => []).Single(), new Rp2InstallRequest { Path = file });

        var e = Assert.Throws<UsbDeviceGoneException>(() => Rp2Installer.Install(prepared, bus));

        Assert.Contains("2e8a:000f", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(bus.GetDevices());
    }

    [Fact]
    public void Cancelling_stops_between_groups_without_a_reboot_and_releases_exclusive_access()
    {
        var rom = new VirtualRp2BootRom();
        using var bus = new VirtualUsbBus(rom);
        string file = Write("fw.uf2", Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 200_000));
        Rp2InstallPreparation prepared = Rp2Installer.Prepare(Rp2DeviceFinder.Find(bus, drives: _ => []).Single(), new Rp2InstallRequest { Path = file });
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p.Phase == "Erase")
            {
                cancel.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => Rp2Installer.Install(prepared, bus, progress, null, cancel.Token));

        Assert.False(rom.RebootScheduled);
        Assert.Equal(0, rom.ExclusiveAccess);
        Assert.Equal(16, rom.Flash.SectorErases);
        Assert.True(rom.IsConnected);
    }

    [Fact]
    public void Bad_files_are_refused_before_any_usb_command()
    {
        var rom = new VirtualRp2BootRom();
        using var bus = new VirtualUsbBus(rom);
        Rp2Device device = Rp2DeviceFinder.Find(bus, drives: _ => []).Single();
        string rp2350 = Write("pico2.uf2", Rp2FirmwareImages.Uf2(Rp2Chip.Rp2350, 4096));
        string big = Write("big.uf2", Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 0x12C000 + 4096));
        string bin = Write("fw.bin", Rp2FirmwareImages.Bootable(Rp2Chip.Rp2040, 4096));

        Assert.Equal("Uf2FamilyMismatch", Assert.Throws<Uf2FileException>(() => Rp2Installer.Prepare(device, new Rp2InstallRequest { Path = rp2350 })).ErrorId);
        Assert.Equal("Uf2TouchesFilesystem", Assert.Throws<Uf2FileException>(() => Rp2Installer.Prepare(device, new Rp2InstallRequest { Path = big })).ErrorId);
        Assert.Equal("Uf2FileInvalid", Assert.Throws<Uf2FileException>(() => Rp2Installer.Prepare(device, new Rp2InstallRequest { Path = bin })).ErrorId);
        Assert.Empty(rom.Commands);
        Assert.Equal(Rp2InstallMethod.Picoboot, Rp2Installer.Prepare(device, new Rp2InstallRequest { Path = big, EraseFilesystem = true }).Method);
    }

    [Fact]
    public void A_named_board_keeps_its_own_filesystem()
    {
        var rom = new VirtualRp2BootRom();
        using var bus = new VirtualUsbBus(rom);
        Rp2Device device = Rp2DeviceFinder.Find(bus, drives: _ => []).Single();
        string file = Write("fw.uf2", Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 0xA0000 + 256));

        Assert.NotNull(Rp2Installer.Prepare(device, new Rp2InstallRequest { Path = file, Board = "RPI_PICO_W" }));
        var e = Assert.Throws<Uf2FileException>(() => Rp2Installer.Prepare(device, new Rp2InstallRequest { Path = file, Board = "RPI_PICO" }));
        Assert.Contains("filesystem of RPI_PICO (from 0x100A0000)", e.Message, StringComparison.Ordinal);
        Catalogued.Throws("Rp2BoardUnknown", () => Rp2Installer.Prepare(device, new Rp2InstallRequest { Path = file, Board = "RPI_PICO2" }));
    }

    [Fact]
    public void Boards_not_in_bootsel_and_two_boards_without_a_serial_are_clear_errors()
    {
        using var running = new VirtualUsbBus(new VirtualUsbDevice(new UsbDeviceLocation(1, 3, "1-1"), Rp2BootselDescriptors.MicroPythonDevice(), [Rp2BootselDescriptors.MicroPythonConfiguration()], Rp2BootselDescriptors.MicroPythonStrings("e6614c311b8e2f37")));
        using var two = new VirtualUsbBus(new VirtualRp2BootRom(location: new UsbDeviceLocation(1, 4, "1-1.1")), new VirtualRp2BootRom(location: new UsbDeviceLocation(1, 5, "1-1.2")));

        var none = Catalogued.Throws("Rp2DeviceNotFound", () => Rp2DeviceSelector.Select(Rp2DeviceFinder.Find(running, drives: _ => []), null, Rp2DeviceFinder.CountRunningBoards(running)));
        var ambiguous = Catalogued.Throws("Rp2DeviceAmbiguous", () => Rp2DeviceSelector.Select(Rp2DeviceFinder.Find(two, drives: _ => []), null, 0));
        var alsoAmbiguous = Catalogued.Throws("Rp2DeviceAmbiguous", () => Rp2DeviceSelector.Select(Rp2DeviceFinder.Find(two, drives: _ => []), "e0c9125b0d9b", 0));

        Assert.Contains("1 board(s) running MicroPython (2E8A:0005)", none.Message, StringComparison.Ordinal);
        Assert.Contains("not in BOOTSEL mode", none.Message, StringComparison.Ordinal);
        Assert.Contains("RP2040 E0C9125B0D9B at 1-1.1, RP2040 E0C9125B0D9B at 1-1.2", ambiguous.Message, StringComparison.Ordinal);
        Assert.Contains("by Location", alsoAmbiguous.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rp2350_is_found_by_its_micropython_serial_in_lower_case()
    {
        using var bus = new VirtualUsbBus(new VirtualRp2BootRom(new VirtualRp2Settings { Chip = Rp2Chip.Rp2350, ChipId = 0xABCDEF0123456789 }), new VirtualRp2BootRom(location: new UsbDeviceLocation(1, 9, "1-2")));

        Rp2Device device = Rp2DeviceSelector.Select(Rp2DeviceFinder.Find(bus, drives: _ => []), "abcdef0123456789", 0);

        Assert.Equal(Rp2Chip.Rp2350, device.Chip);
        Assert.Equal("ABCDEF0123456789", device.SerialNumber);
        Assert.True(device.PicobootReachable);
    }

    [Fact]
    public void An_interface_held_by_another_program_fails_with_the_way_out()
    {
        var rom = new VirtualRp2BootRom();
        rom.Faults.InterfaceClaimedElsewhere = true;
        using var bus = new VirtualUsbBus(rom);
        string file = Write("fw.uf2", Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 4096));
        Rp2InstallPreparation prepared = Rp2Installer.Prepare(Rp2DeviceFinder.Find(bus, drives: _ => []).Single(), new Rp2InstallRequest { Path = file });

        var e = Catalogued.Throws("PicobootInterfaceBusy", () => Rp2Installer.Install(prepared, bus));

        Assert.Contains("-Method Drive", e.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal(0, rom.Flash.SectorErases);
    }

    [Theory]
    [InlineData(Rp2Chip.Rp2040)]
    [InlineData(Rp2Chip.Rp2350)]
    public async Task The_drive_method_copies_without_the_E10_block_and_confirms_the_board_left_bootsel(Rp2Chip chip)
    {
        string mount = Path.Combine(directory, chip == Rp2Chip.Rp2040 ? "RPI-RP2" : "RP2350");
        var rom = new VirtualRp2BootRom(new VirtualRp2Settings { Chip = chip, Uf2RebootDelay = TimeSpan.FromMilliseconds(50) });
        using var bus = new VirtualUsbBus(rom);
        rom.MountDrive(mount);
        Rp2BoardProfile board = Rp2BoardProfile.All.First(b => b.Chip == chip);
        byte[] filesystem = Enumerable.Repeat((byte)0x5A, 4096).ToArray();
        rom.Flash.Load(board.FlashSize - 4096, filesystem);
        byte[] image = Rp2FirmwareImages.Bootable(chip, 30000);
        string file = Write("fw.uf2", Rp2FirmwareImages.Uf2(chip, 30000));

        Rp2Device device = Rp2DeviceFinder.Find(bus, drives: c => c == chip ? [mount] : []).Single();
        Rp2InstallResult result = Rp2Installer.Install(Rp2Installer.Prepare(device, new Rp2InstallRequest { Path = file, Method = Rp2InstallMethod.Drive }), bus);
        await rom.Rebooted.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(mount, device.DriveMountPoint);
        Assert.Equal(Rp2InstallMethod.Drive, result.Method);
        Assert.False(result.Verified);
        Assert.Equal("left BOOTSEL (a drive copy cannot be read back)", result.Verification);
        Assert.Equal(image, rom.Flash.Read(0x10000000, image.Length));
        Assert.Equal(filesystem, rom.Flash.Read(0x10000000 + board.FlashSize - 4096, 4096));
        Assert.Equal(["FIRMWARE.UF2"], rom.CopiedFiles);
    }

    [Fact]
    public void A_drive_copy_the_rom_does_not_take_is_an_error_not_success()
    {
        string mount = Path.Combine(directory, "RPI-RP2");
        var rom = new VirtualRp2BootRom();
        using var bus = new VirtualUsbBus(rom);
        rom.MountDrive(mount);
        using PicobootConnection holder = PicobootConnection.Open(rom, "holder");
        holder.ExclusiveAccess(PicobootExclusiveMode.Exclusive);
        string file = Write("fw.uf2", Rp2FirmwareImages.Uf2(Rp2Chip.Rp2040, 4096));
        Rp2Device device = Rp2DeviceFinder.Find(bus, drives: _ => [mount]).Single();

        var e = Catalogued.Throws("Rp2DriveCopyNotAccepted", () => Rp2Installer.Install(
            Rp2Installer.Prepare(device, new Rp2InstallRequest { Path = file, Method = Rp2InstallMethod.Drive, DriveRebootTimeout = TimeSpan.FromSeconds(1) }), bus));

        Assert.Equal("Rp2DriveCopyNotAccepted", e.ErrorId);
        Assert.Contains("still in BOOTSEL mode", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, rom.Flash.PagePrograms);
    }

    [Fact]
    public void The_drive_method_refuses_an_rp2040_image_the_rom_would_misplace_erases_for()
    {
        string mount = Path.Combine(directory, "RPI-RP2");
        var rom = new VirtualRp2BootRom();
        using var bus = new VirtualUsbBus(rom);
        rom.MountDrive(mount);
        string file = Write("e14.uf2", Uf2Writer.Write(new byte[8192], 0x10000100, Uf2Family.Rp2040));
        Rp2Device device = Rp2DeviceFinder.Find(bus, drives: _ => [mount]).Single();

        var e = Assert.Throws<Uf2FileException>(() => Rp2Installer.Prepare(device, new Rp2InstallRequest { Path = file, Method = Rp2InstallMethod.Drive }));

        Assert.Contains("RP2040-E14", e.Message, StringComparison.Ordinal);
        Assert.Equal(Rp2InstallMethod.Picoboot, Rp2Installer.Prepare(device, new Rp2InstallRequest { Path = file }).Method);
    }

    [Fact]
    public void Backup_reads_the_whole_flash_to_a_file_and_the_pyboard_sidecar()
    {
        var rom = new VirtualRp2BootRom(new VirtualRp2Settings { Chip = Rp2Chip.Rp2350 });
        byte[] content = Rp2FirmwareImages.Bootable(Rp2Chip.Rp2350, 4 << 20, seed: 9);
        rom.Flash.Load(0, content);
        using var bus = new VirtualUsbBus(rom);
        string path = Path.Combine(directory, "pico2.bin");

        Rp2BackupResult result = Rp2Backup.Run(Rp2DeviceFinder.Find(bus, drives: _ => []).Single(), new Rp2BackupDestination(path, force: false));

        Assert.Equal(content, File.ReadAllBytes(path));
        using JsonDocument sidecar = JsonDocument.Parse(File.ReadAllText(path + ".json"));
        Assert.Equal("0x10000000", sidecar.RootElement.GetProperty("address").GetString());
        Assert.Equal(4 << 20, sidecar.RootElement.GetProperty("length").GetInt64());
        Assert.Equal(rom.SerialNumber, sidecar.RootElement.GetProperty("deviceSerial").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), sidecar.RootElement.GetProperty("sha256").GetString());
        Assert.Equal(result.Sha256, sidecar.RootElement.GetProperty("sha256").GetString());
        Assert.False(rom.RebootScheduled);
        Catalogued.Throws("BackupFileExists", () => Rp2Backup.Run(Rp2DeviceFinder.Find(bus, drives: _ => []).Single(), new Rp2BackupDestination(path, force: false)));
    }

    private string Write(string name, byte[] content)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private sealed class SyncProgress(Action<OperationProgress> report) : IProgress<OperationProgress>
    {
        public void Report(OperationProgress value) => report(value);
    }
}
