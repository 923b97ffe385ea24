using FirmwareTools.Tests.Common;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Pyboard;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Dfu;
using FirmwareTools.Simulators.Usb;
using Xunit;

namespace FirmwareTools.Tests.Pyboard;

/// <summary>
/// Install-PyboardFirmware's operation against the virtual F405 bootloader: everything is validated before the
/// first byte reaches the device, the backup is taken before the erase, raw restores need an address, and the
/// filesystem sectors survive a normal install.
/// </summary>
public sealed class PyboardInstallerTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ft-pyboard-").FullName;
    private readonly VirtualStm32Bootloader board;
    private readonly DfuDevice device;

    public PyboardInstallerTests()
    {
        board = new VirtualStm32Bootloader("3061B4493536", new UsbDeviceLocation(1, 4, "1-1.4"), new VirtualStm32BootloaderSettings { TimeScale = 0.0005 });
        device = Assert.Single(DfuDeviceFinder.Find(new VirtualUsbBus(board)));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private int ClassRequests => board.RequestLog.Count;

    [Fact]
    public void A_pyboard_dfu_file_is_flashed_verified_and_the_filesystem_sectors_are_kept()
    {
        byte[] filesystem = Pattern(0x1C000, 1);
        Array.Copy(filesystem, 0, board.Flash, 0x4000, filesystem.Length);
        byte[] vectors = Pattern(400, 2);
        byte[] text = Pattern(300 * 1024, 3);
        string file = WriteDfu("firmware.dfu", new DfuSeElement(0x08000000, vectors), new DfuSeElement(0x08020000, text));

        PyboardInstallPreparation prepared = PyboardInstaller.Prepare(device, new PyboardInstallRequest { Path = file, Verify = true });
        Assert.Equal(0, ClassRequests);
        Assert.False(prepared.ErasesFilesystem);
        Assert.Equal("Flash firmware.dfu (300.4 KiB in 2 regions): erase sectors 0, 5-7, then verify", prepared.Description);

        PyboardInstallResult result = PyboardInstaller.Install(prepared);

        Assert.True(result.Verified);
        Assert.True(result.LeftDfuMode);
        Assert.Equal(vectors.Length + text.Length, result.BytesWritten);
        Assert.Equal(new[] { 0, 5, 6, 7 }, result.SectorsErased.Select(s => s.Index));
        Assert.Equal(new[] { 1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0 }, board.SectorEraseCounts);
        Assert.Equal(vectors, board.Flash.AsSpan(0, vectors.Length).ToArray());
        Assert.Equal(text, board.Flash.AsSpan(0x20000, text.Length).ToArray());
        Assert.Equal(filesystem, board.Flash.AsSpan(0x4000, filesystem.Length).ToArray());
        Assert.Equal("3061B4493536", result.SerialNumber);
        Assert.Equal(file, result.FirmwarePath);
    }

    [Fact]
    public void The_backup_is_taken_before_anything_is_erased()
    {
        byte[] original = Pattern(board.Flash.Length, 4);
        Array.Copy(original, board.Flash, original.Length);
        string file = WriteDfu("firmware.dfu", new DfuSeElement(0x08020000, Pattern(4096, 5)));
        string backup = Path.Combine(folder, "before.bin");

        PyboardInstallResult result = PyboardInstaller.Install(PyboardInstaller.Prepare(device, new PyboardInstallRequest { Path = file, BackupPath = backup }));

        Assert.Equal(backup, result.BackupPath);
        Assert.Equal(original, File.ReadAllBytes(backup));
        Assert.True(File.Exists(backup + ".json"));
        Assert.NotEqual(original.AsSpan(0x20000, 4096).ToArray(), board.Flash.AsSpan(0x20000, 4096).ToArray());
    }

    [Fact]
    public void An_existing_backup_file_stops_the_install_before_any_erase()
    {
        string file = WriteDfu("firmware.dfu", new DfuSeElement(0x08020000, Pattern(4096, 6)));
        string backup = Path.Combine(folder, "before.bin");
        File.WriteAllText(backup, "precious");

        var e = Catalogued.Throws("BackupFileExists", () => PyboardInstaller.Install(PyboardInstaller.Prepare(device, new PyboardInstallRequest { Path = file, BackupPath = backup })));

        Assert.Contains(backup, e.Message, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(backup));
        Assert.All(board.SectorEraseCounts, count => Assert.Equal(0, count));
    }

    [Fact]
    public void A_raw_backup_is_restored_at_its_address_and_the_user_is_warned_about_the_filesystem()
    {
        byte[] image = Pattern(1024 * 1024, 7);
        string file = Path.Combine(folder, "backup.bin");
        File.WriteAllBytes(file, image);

        PyboardInstallPreparation prepared = PyboardInstaller.Prepare(device, new PyboardInstallRequest { Path = file, Address = 0x08000000, Verify = true });
        Assert.True(prepared.ErasesFilesystem);
        Assert.Contains(prepared.Warnings, w => w.Contains("filesystem", StringComparison.Ordinal) && w.Contains("'backup.bin'", StringComparison.Ordinal));

        // A full backup holds the filesystem it was taken with: restoring it puts those files back (issue 16, item 5).
        Assert.Equal("rewrites the pyboard's whole filesystem (0x08004000-0x0801FFFF) with the copy the file holds: files saved since that copy was made are lost.", prepared.FilesystemEffect);
        Assert.Equal("Flash backup.bin at 0x08000000 (1 MiB in 1 region): erase sectors 0-11, then verify", prepared.Description);

        PyboardInstallResult result = PyboardInstaller.Install(prepared);

        Assert.True(result.Verified);
        Assert.Equal(FirmwareImageFormat.Raw, result.Format);
        Assert.All(board.SectorEraseCounts, count => Assert.Equal(1, count));
        Assert.Equal(image, board.Flash);
    }

    [Fact]
    public void A_raw_file_without_an_address_is_refused_before_any_request()
    {
        string file = Path.Combine(folder, "image.bin");
        File.WriteAllBytes(file, Pattern(1000, 8));

        var e = Catalogued.Throws("RawImageNeedsAddress", () => PyboardInstaller.Prepare(device, new PyboardInstallRequest { Path = file }));

        Assert.Equal("RawImageNeedsAddress", e.ErrorId);
        Assert.Equal(file, e.Target);
        Assert.Contains("-Address 0x08000000", e.RecommendedAction, StringComparison.Ordinal);
        Assert.Equal(0, ClassRequests);
    }

    [Fact]
    public void A_dfuse_file_offered_as_a_raw_image_is_refused()
    {
        string file = WriteDfu("firmware.dfu", new DfuSeElement(0x08000000, Pattern(64, 9)));

        var e = Assert.Throws<DfuFileFormatException>(() => PyboardInstaller.Prepare(device, new PyboardInstallRequest { Path = file, Address = 0x08000000 }));

        Assert.Equal("DfuSeFileNotRawImage", e.ErrorId);
        Assert.Equal(0, ClassRequests);
    }

    [Fact]
    public void A_file_marked_for_another_device_is_refused_unless_forced()
    {
        string file = Path.Combine(folder, "other.dfu");
        DfuSeFile.WriteFile(file, [new DfuSeTarget(0, "ST...", [new DfuSeElement(0x08020000, Pattern(256, 10))])], vendorId: 0x1209, productId: 0x0001);

        var e = Catalogued.Throws("FirmwareDeviceMismatch", () => PyboardInstaller.Prepare(device, new PyboardInstallRequest { Path = file }));
        Assert.Contains("1209:0001", e.Message, StringComparison.Ordinal);
        Assert.Contains("0483:df11", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, ClassRequests);

        PyboardInstallPreparation forced = PyboardInstaller.Prepare(device, new PyboardInstallRequest { Path = file, Force = true });
        Assert.Contains(forced.Warnings, w => w.Contains("1209:0001", StringComparison.Ordinal));
    }

    [Fact]
    public void A_corrupt_file_is_refused_with_its_offset_and_nothing_is_sent()
    {
        string file = WriteDfu("firmware.dfu", new DfuSeElement(0x08020000, Pattern(2048, 11)));
        byte[] bytes = File.ReadAllBytes(file);
        bytes[0x200] ^= 0xFF;
        File.WriteAllBytes(file, bytes);

        var e = Assert.Throws<DfuFileFormatException>(() => PyboardInstaller.Prepare(device, new PyboardInstallRequest { Path = file }));

        Assert.Equal("DfuFileInvalid", e.ErrorId);
        Assert.Contains("CRC", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, ClassRequests);
        Assert.All(board.SectorEraseCounts, count => Assert.Equal(0, count));
    }

    [Fact]
    public void An_image_larger_than_flash_is_refused_before_any_request()
    {
        string file = Path.Combine(folder, "huge.bin");
        File.WriteAllBytes(file, Pattern((1024 * 1024) + 4, 12));

        var e = Assert.Throws<DfuFlashPlanException>(() => PyboardInstaller.Prepare(device, new PyboardInstallRequest { Path = file, Address = 0x08000000 }));

        Assert.Equal("FirmwareOutsideFlash", e.ErrorId);
        Assert.Contains("0x08100000", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, ClassRequests);
    }

    [Fact]
    public void A_board_that_disconnects_mid_write_is_reported_as_needing_a_reflash()
    {
        board.DisconnectAfterDownloadBytes = 64 * 1024;
        string file = WriteDfu("firmware.dfu", new DfuSeElement(0x08020000, Pattern(200 * 1024, 13)));
        PyboardInstallPreparation prepared = PyboardInstaller.Prepare(device, new PyboardInstallRequest { Path = file, Verify = true });

        var e = Assert.Throws<DfuDeviceLostException>(() => PyboardInstaller.Install(prepared));

        Assert.True(e.FlashModified);
        Assert.Contains("re-flash", e.Message + e.RecommendedAction, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Cancelling_mid_write_leaves_the_board_idle_and_claims_nothing()
    {
        string file = WriteDfu("firmware.dfu", new DfuSeElement(0x08020000, Pattern(200 * 1024, 14)));
        PyboardInstallPreparation prepared = PyboardInstaller.Prepare(device, new PyboardInstallRequest { Path = file });
        using var cancel = new CancellationTokenSource();
        var progress = new CancelAfter(cancel, "Write", 16 * 1024);

        Assert.ThrowsAny<OperationCanceledException>(() => PyboardInstaller.Install(prepared, progress, null, cancel.Token));

        Assert.Equal(BootloaderState.dfuIDLE, board.State);
        Assert.True(board.IsConnected);
    }

    private string WriteDfu(string name, params DfuSeElement[] elements)
    {
        string path = Path.Combine(folder, name);
        DfuSeFile.WriteFile(path, [new DfuSeTarget(0, "ST...", elements)]);
        return path;
    }

    private static byte[] Pattern(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Cancels once a phase has reported at least the given bytes (progress is reported on the flashing thread).</summary>
    private sealed class CancelAfter(CancellationTokenSource source, string phase, long bytes) : IProgress<OperationProgress>
    {
        public void Report(OperationProgress value)
        {
            if (value.Phase == phase && value.Completed >= bytes)
            {
                source.Cancel();
            }
        }
    }
}
