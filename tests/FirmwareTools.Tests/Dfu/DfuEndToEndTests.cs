using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Dfu;
using FirmwareTools.Simulators.Usb;
using Xunit;

namespace FirmwareTools.Tests.Dfu;

/// <summary>Discovery, plan, client and flasher together against the virtual bootloader, as the cmdlets will chain them.</summary>
public class DfuEndToEndTests
{
    [Fact]
    public void Discovered_board_is_backed_up_flashed_from_a_dfu_file_model_and_restarts_as_the_application()
    {
        var device = new VirtualStm32Bootloader("2061B4493536", new UsbDeviceLocation(3, 7, "3-2"), new VirtualStm32BootloaderSettings { TimeScale = 0.001 });
        byte[] filesystem = DfuTestBoard.Pattern(0x1C000, 30);
        Array.Copy(filesystem, 0, device.Flash, 0x4000, filesystem.Length);
        var bus = new VirtualUsbBus(device);

        DfuDevice found = Assert.Single(DfuDeviceFinder.Find(bus));
        DfuSeClient client = DfuSeClient.ForDevice(found);
        Assert.Equal(0, client.AlternateSetting);
        Assert.Equal(2048, client.TransferSize);
        client.Open();

        string directory = Path.Combine(Path.GetTempPath(), "ft-e2e-" + Guid.NewGuid().ToString("N"));
        try
        {
            DfuSeBackupResult backup = new DfuSeFlashReader(client, found.InternalFlash!.MemoryLayout!, found.SerialNumber)
                .Backup(Path.Combine(directory, "before.bin"));
            Assert.Equal(1048576, new FileInfo(backup.Path).Length);
            Assert.Equal("2061B4493536", backup.DeviceSerial);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        byte[] vectors = DfuTestBoard.Pattern(600, 31);
        vectors[0] = 0x00; vectors[1] = 0x00; vectors[2] = 0x02; vectors[3] = 0x20;
        byte[] text = DfuTestBoard.Pattern(200 * 1024, 32);
        var layouts = found.AlternateSettings.Where(a => a.MemoryLayout is not null).ToDictionary(a => a.Number, a => a.MemoryLayout!);
        DfuSeFlashPlan plan = DfuSeFlashPlan.Create(
            [new DfuSeTarget(0, "ST...", [new DfuSeElement(0x08000000, vectors), new DfuSeElement(0x08020000, text)])], layouts);

        DfuSeFlashResult result = new DfuSeFlasher(client).Flash(plan);

        Assert.True(result.Verified);
        Assert.True(result.LeftDfuMode);
        Assert.Equal(new[] { 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0 }, device.SectorEraseCounts);
        Assert.Equal(filesystem, device.Flash.AsSpan(0x4000, filesystem.Length).ToArray());
        Assert.Empty(DfuDeviceFinder.Find(bus));
        IUsbDevice app = Assert.Single(bus.GetDevices());
        Assert.Equal("3-2", app.Location.PortPath);
        Assert.Equal(new byte[] { 0x55, 0xF0, 0x00, 0x98 }, app.GetDeviceDescriptor().AsSpan(8, 4).ToArray());
    }
}
