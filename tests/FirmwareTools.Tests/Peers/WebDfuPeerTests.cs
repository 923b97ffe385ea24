using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Simulators.Dfu;
using FirmwareTools.Simulators.Usb;
using Xunit;

namespace FirmwareTools.Tests.Peers;

/// <summary>
/// An independent DfuSe client, the npm package webdfu 1.0.5, flashes and reads back the virtual STM32F405
/// bootloader over the loopback USB bridge (tests/peers/webdfu-flash.js). If webdfu cannot drive the
/// simulator, the simulator is wrong, however green its own tests are.
/// </summary>
public sealed class WebDfuPeerTests : IDisposable
{
    private const uint ElementA = 0x08000000;
    private const uint ElementB = 0x08020000;
    private const int FilesystemStart = 0x4000;
    private const int FilesystemLength = 112 * 1024;
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(120);

    private readonly string workDirectory = Directory.CreateTempSubdirectory("webdfu-peer-").FullName;

    public void Dispose() => Directory.Delete(workDirectory, recursive: true);

    // Polite runs slow enough (a 128 KiB erase takes 200 ms) that webdfu's 104 ms poll sleep meets dfuDNBUSY and polls again.
    [Theory]
    [InlineData(BusyBehavior.HoldOff, 0.001)]
    [InlineData(BusyBehavior.Polite, 0.2)]
    public void Webdfu_flashes_a_two_element_image_byte_exact_and_reads_it_back_without_touching_the_filesystem(BusyBehavior busy, double timeScale)
    {
        // Sizes that leave a short last chunk in both elements (2048-byte transfers).
        byte[] a = Pattern(3076, seed: 1);
        byte[] b = Pattern(5000, seed: 2);
        VirtualStm32Bootloader device = NewBootloader(readProtected: false, busy, timeScale);
        byte[] filesystem = Pattern(FilesystemLength, seed: 3);
        filesystem.CopyTo(device.Flash, FilesystemStart);

        NodeRun run = Flash(device, (ElementA, a), (ElementB, b));

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement result = run.Result;
        Assert.True(result.GetProperty("ok").GetBoolean(), run.ToString());
        Assert.Equal(2048, result.GetProperty("transferSize").GetInt32());
        IReadOnlyDictionary<byte, string> strings = Stm32F405BootloaderDescriptors.Strings(device.SerialNumber);
        Assert.Equal([strings[4], strings[5], strings[6], strings[7]], result.GetProperty("interfaceNames").EnumerateArray().Select(n => n.GetString()));

        Assert.Equal(a, device.Flash.AsSpan(0, a.Length).ToArray());
        Assert.Equal(b, device.Flash.AsSpan((int)(ElementB - ElementA), b.Length).ToArray());
        Assert.Equal(filesystem, device.Flash.AsSpan(FilesystemStart, FilesystemLength).ToArray());
        Assert.All(device.Flash.AsSpan(a.Length, FilesystemStart - a.Length).ToArray(), x => Assert.Equal(0xFF, x));

        JsonElement[] elements = result.GetProperty("elements").EnumerateArray().ToArray();
        Assert.Equal(2, elements.Length);
        Assert.Equal("0x08000000", elements[0].GetProperty("address").GetString());
        Assert.Equal(a.Length, elements[0].GetProperty("length").GetInt32());
        Assert.Equal(Sha256(a), elements[0].GetProperty("sha256").GetString());
        Assert.Equal("0x08020000", elements[1].GetProperty("address").GetString());
        Assert.Equal(b.Length, elements[1].GetProperty("length").GetInt32());
        Assert.Equal(Sha256(b), elements[1].GetProperty("sha256").GetString());

        // Sector 0 and sector 5 once each; the filesystem sectors 1-4 and the rest never.
        Assert.Equal([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0], device.SectorEraseCounts);
        uint[] erased = device.RequestLog.Where(r => r.IsDfuSeCommand(DfuSeCommand.Erase)).Select(r => BitConverter.ToUInt32(r.Data, 1)).ToArray();
        Assert.Equal([ElementA, ElementB], erased);
        Assert.Equal(0, device.ShortBlockViolations);

        // webdfu polls each DNLOAD until it is no longer busy (plus one GETSTATUS of its own before starting):
        // twice under hold-off, more often when the polite device answers dfuDNBUSY with the time left.
        int downloads = device.RequestLog.Count(r => r.IsDownload);
        int polls = device.RequestLog.Count(r => r.Request == DfuRequest.DFU_GETSTATUS);
        if (busy == BusyBehavior.HoldOff)
        {
            Assert.Equal((2 * downloads) + 1, polls);
        }
        else
        {
            Assert.True(polls > (2 * downloads) + 1, $"{polls} GETSTATUS for {downloads} DNLOADs");
        }
    }

    [Fact]
    public void Webdfu_manifestation_makes_the_bootloader_leave_and_the_flashed_application_enumerate()
    {
        // A vector table whose initial stack pointer lies in SRAM: the ROM starts this image.
        byte[] a = Pattern(2048, seed: 7);
        BitConverter.GetBytes(0x20020000u).CopyTo(a, 0);
        byte[] b = Pattern(4096, seed: 8);
        VirtualStm32Bootloader device = NewBootloader(readProtected: false);

        NodeRun run = Flash(device, leave: true, (ElementA, a), (ElementB, b));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.Result.GetProperty("left").GetBoolean());
        Assert.Equal(a, device.Flash.AsSpan(0, a.Length).ToArray());
        Assert.Equal(b, device.Flash.AsSpan((int)(ElementB - ElementA), b.Length).ToArray());
        Assert.False(device.IsConnected);
        VirtualUsbDevice application = Assert.IsAssignableFrom<VirtualUsbDevice>(device.Successor);
        Assert.Equal(PyboardApplicationDescriptors.VendorId, application.Vid);
        Assert.Equal(PyboardApplicationDescriptors.ProductId, application.Pid);

        // webdfu leaves with a zero-length DNLOAD after pointing at the last element's start.
        LoggedDfuRequest[] downloads = device.RequestLog.Where(r => r.IsDownload).ToArray();
        Assert.Equal(0, downloads[^1].Setup.Length);
        Assert.True(downloads[^2].IsDfuSeCommand(DfuSeCommand.SetAddressPointer));
        Assert.Equal(ElementB, BitConverter.ToUInt32(downloads[^2].Data, 1));
    }

    [Fact]
    public void Webdfu_fails_on_a_read_protected_device_and_nothing_is_written()
    {
        byte[] a = Pattern(1024, seed: 4);
        byte[] b = Pattern(2048, seed: 5);
        VirtualStm32Bootloader device = NewBootloader(readProtected: true);
        byte[] before = (byte[])device.Flash.Clone();

        NodeRun run = Flash(device, (ElementA, a), (ElementB, b));

        Assert.True(run.ExitCode != 0, run.ToString());
        JsonElement result = run.Result;
        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Contains("ERASE_SECTOR", result.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(BootloaderStatus.errVENDOR, device.Status);
        Assert.Equal(before, device.Flash);
        Assert.All(device.SectorEraseCounts, count => Assert.Equal(0, count));
        Assert.DoesNotContain(device.RequestLog, r => r.IsDownload && r.Setup.Value >= DfuSeCommand.FirstDataBlock);
    }

    [Fact]
    public void Webdfu_refuses_an_element_outside_the_memory_map_before_it_erases_or_writes_anything()
    {
        byte[] a = Pattern(1024, seed: 6);
        VirtualStm32Bootloader device = NewBootloader(readProtected: false);
        byte[] before = (byte[])device.Flash.Clone();

        NodeRun run = Flash(device, (0x08100000, a));

        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains("outside of memory map", run.Result.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, device.Flash);
        Assert.All(device.SectorEraseCounts, count => Assert.Equal(0, count));
        Assert.DoesNotContain(device.RequestLog, r => r.IsDownload);
    }

    private static VirtualStm32Bootloader NewBootloader(bool readProtected, BusyBehavior busy = BusyBehavior.HoldOff, double timeScale = 0.001)
    {
        var settings = new VirtualStm32BootloaderSettings { TimeScale = timeScale, ReadProtected = readProtected, BusyBehavior = busy };
        var device = new VirtualStm32Bootloader(settings: settings);
        _ = new VirtualUsbBus(device);
        return device;
    }

    private NodeRun Flash(VirtualStm32Bootloader device, params (uint Address, byte[] Data)[] elements) => Flash(device, leave: false, elements);

    private NodeRun Flash(VirtualStm32Bootloader device, bool leave, params (uint Address, byte[] Data)[] elements)
    {
        NodePeer.RequirePackage("webdfu");
        using UsbBridgeServer server = UsbBridgeServer.Start(device);
        var arguments = new List<string> { "--port", server.Port.ToString(CultureInfo.InvariantCulture) };
        if (leave)
        {
            arguments.Add("--leave");
        }

        foreach ((uint address, byte[] data) in elements)
        {
            string path = Path.Combine(workDirectory, $"element-{address:x8}.bin");
            File.WriteAllBytes(path, data);
            arguments.Add("--element");
            arguments.Add($"0x{address:X8}={path}");
        }

        return NodePeer.Run("webdfu-flash.js", arguments, NodeTimeout);
    }

    private static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
