using FirmwareTools.Tests.Common;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Pyboard;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Dfu;
using FirmwareTools.Simulators.Usb;
using Xunit;

namespace FirmwareTools.Tests.Pyboard;

/// <summary>Backup-PyboardFirmware's operation against the virtual F405.</summary>
public sealed class PyboardBackupTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ft-backup-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void The_whole_megabyte_is_read_and_the_board_is_left_idle()
    {
        var board = new VirtualStm32Bootloader("3061B4493536", new UsbDeviceLocation(1, 4, "1-1.4"), new VirtualStm32BootloaderSettings { TimeScale = 0.0005 });
        var flash = new byte[board.Flash.Length];
        new Random(21).NextBytes(flash);
        Array.Copy(flash, board.Flash, flash.Length);
        DfuDevice device = Assert.Single(DfuDeviceFinder.Find(new VirtualUsbBus(board)));
        string path = Path.Combine(folder, "pyboard.bin");

        DfuSeBackupResult result = PyboardBackup.Run(device, path);

        Assert.Equal(1024 * 1024, result.Length);
        Assert.Equal(0x08000000u, result.Address);
        Assert.Equal(flash, File.ReadAllBytes(path));
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(flash)).ToLowerInvariant(), result.Sha256);
        Assert.Equal(BootloaderState.dfuIDLE, board.State);
    }

    [Fact]
    public void A_range_outside_readable_flash_fails_before_any_request()
    {
        var board = new VirtualStm32Bootloader("3061B4493536", null, new VirtualStm32BootloaderSettings { TimeScale = 0.0005 });
        DfuDevice device = Assert.Single(DfuDeviceFinder.Find(new VirtualUsbBus(board)));

        Catalogued.Throws("DfuRangeNotReadable", () => PyboardBackup.Run(device, Path.Combine(folder, "x.bin"), new DfuSeBackupOptions { Address = 0x080F0000, Length = 0x20000 }));

        Assert.Empty(board.RequestLog);
        Assert.False(File.Exists(Path.Combine(folder, "x.bin")));
    }
}
