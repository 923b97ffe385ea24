using FirmwareTools.Tests.Common;
using System.Runtime.Serialization.Json;
using System.Security.Cryptography;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Simulators.Dfu;
using FirmwareTools.Simulators.Usb;
using Xunit;

namespace FirmwareTools.Tests.Dfu;

public sealed class DfuSeFlashReaderTests : IDisposable
{
    private const byte UPLOAD = 0x02;
    private static readonly DfuSeMemoryLayout F405 = DfuSeMemoryLayout.Parse(Stm32F405BootloaderDescriptors.InternalFlashLayout);
    private readonly string directory = Path.Combine(Path.GetTempPath(), "ft-backup-" + Guid.NewGuid().ToString("N"));

    public DfuSeFlashReaderTests() => Directory.CreateDirectory(directory);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Default_backup_reads_the_whole_1_MiB_and_writes_a_sidecar()
    {
        var board = new DfuTestBoard();
        byte[] flash = DfuTestBoard.Pattern(1024 * 1024, 20);
        Array.Copy(flash, board.Device.Flash, flash.Length);
        board.Client.Open();
        string path = Path.Combine(directory, "pyboard.bin");
        var progress = new SyncProgress();

        DfuSeBackupResult result = new DfuSeFlashReader(board.Client, F405, "3061B4493536").Backup(path, null, progress);

        byte[] file = File.ReadAllBytes(path);
        Assert.Equal(1048576, file.Length);
        Assert.Equal(flash, file);
        Assert.Equal(path, result.Path);
        Assert.Equal(0x08000000u, result.Address);
        Assert.Equal(1048576, result.Length);

        var serializer = new DataContractJsonSerializer(typeof(BackupSidecar));
        using FileStream json = File.OpenRead(path + ".json");
        var info = (BackupSidecar)serializer.ReadObject(json)!;
        Assert.Equal("0x08000000", info.Address);
        Assert.Equal(1048576, info.Length);
        Assert.Equal("3061B4493536", info.DeviceSerial);
        Assert.Equal("@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg", info.Layout);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(flash)), info.Sha256);
        Assert.True(DateTime.TryParse(info.CreatedUtc, null, System.Globalization.DateTimeStyles.RoundtripKind, out DateTime created));
        Assert.Equal(DateTimeKind.Utc, created.Kind);

        Assert.Equal(512, board.Device.RequestLog.Count(r => r.Request == UPLOAD));
        Assert.Equal(BootloaderState.dfuIDLE, board.Device.State);
        Assert.Equal(1048576, progress.Reports[^1].Completed);
        Assert.True(progress.Reports[^1].IsFinal);
        Assert.Equal(new[] { "pyboard.bin", "pyboard.bin.json" }, Directory.GetFiles(directory).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Backup_refuses_to_overwrite_an_existing_file_before_touching_the_device()
    {
        var board = new DfuTestBoard();
        board.Client.Open();
        string path = Path.Combine(directory, "old.bin");
        File.WriteAllBytes(path, [1, 2, 3]);

        var e = Catalogued.Throws("BackupFileExists", () => new DfuSeFlashReader(board.Client, F405, null).Backup(path));

        Assert.Equal("BackupFileExists", e.ErrorId);
        Assert.Equal(Protocols.FirmwareErrorKind.AlreadyExists, e.Kind);
        Assert.Contains(path, e.Message);
        Assert.Equal(path, e.Target);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.DoesNotContain(board.Device.RequestLog, r => r.Request == UPLOAD);
    }

    [Fact]
    public void Force_overwrites_and_an_explicit_range_is_read()
    {
        var board = new DfuTestBoard();
        board.Device.Flash[0x4000] = 0x77;
        board.Client.Open();
        string path = Path.Combine(directory, "fs.bin");
        File.WriteAllBytes(path, [1, 2, 3]);
        DfuSeBackupResult result = new DfuSeFlashReader(board.Client, F405, null)
            .Backup(path, new DfuSeBackupOptions { Address = 0x08004000, Length = 0x1C000, Force = true });
        byte[] file = File.ReadAllBytes(path);
        Assert.Equal(0x1C000, file.Length);
        Assert.Equal(0x77, file[0]);
        Assert.Equal(0x1C000, result.Length);
    }

    [Theory]
    [InlineData(null, null, 0x08000000u, 0x100000L)]
    [InlineData(0x08000000u, null, 0x08000000u, 0x100000L)]   // dfu-util would stop at 64 KiB here
    [InlineData(0x08010000u, null, 0x08010000u, 0xF0000L)]
    [InlineData(0x08000000u, 0x80000L, 0x08000000u, 0x80000L)]
    public void Ranges_default_to_all_readable_memory(uint? address, long? length, uint expectedAddress, long expectedLength)
    {
        MemoryRegion range = DfuSeFlashReader.ResolveRange(F405, address, length);
        Assert.Equal(expectedAddress, range.Address);
        Assert.Equal(expectedLength, range.Length);
    }

    [Theory]
    [InlineData(0x080FFF00u, 0x200L)]
    [InlineData(0x08100000u, 0x10L)]
    [InlineData(0x08000000u, 0L)]
    public void Ranges_outside_readable_memory_are_refused(uint address, long length)
    {
        var e = Catalogued.Throws("DfuRangeNotReadable", () => DfuSeFlashReader.ResolveRange(F405, address, length));
        Assert.Equal("DfuRangeNotReadable", e.ErrorId);
        Assert.Contains("0x" + address.ToString("X8"), e.Message);
    }

    [Fact]
    public void Read_protected_board_gives_a_clear_error_and_leaves_no_file()
    {
        var board = new DfuTestBoard(s => s.ReadProtected = true);
        board.Client.Open();
        string path = Path.Combine(directory, "locked.bin");
        var e = Assert.Throws<DfuStatusException>(() => new DfuSeFlashReader(board.Client, F405, null).Backup(path));
        Assert.Equal("DfuReadProtected", e.ErrorId);
        Assert.Empty(Directory.GetFiles(directory));
        Assert.False(board.UnprotectWasSent);
        Assert.Equal(BootloaderState.dfuIDLE, board.Device.State);
    }

    [Fact]
    public void Cancelled_backup_leaves_the_device_idle_and_no_file()
    {
        var board = new DfuTestBoard();
        board.Client.Open();
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(p => { if (p.Completed >= 64 * 1024) cts.Cancel(); });
        string path = Path.Combine(directory, "cancelled.bin");
        Assert.ThrowsAny<OperationCanceledException>(() => new DfuSeFlashReader(board.Client, F405, null).Backup(path, null, progress, null, cts.Token));
        Assert.Empty(Directory.GetFiles(directory));
        Assert.Equal(BootloaderState.dfuIDLE, board.Device.State);
    }
}
