using System.Diagnostics;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Simulators.Dfu;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Benchmarks;

/// <summary>
/// Our client on a fresh simulator, over the in-process IUsbDevice. Until DfuSeFlasher lands this drives
/// DfuClient directly the way the flasher is specified to (brief §4.9: erase the union of touched sectors once,
/// then one Set Address and consecutive blocks per element); the timing covers open to the last block.
/// </summary>
internal static class OursRun
{
    public const string Name = "DfuClient (flasher's sequence)";

    public static (TimeSpan Elapsed, bool Verified) Flash(BenchmarkImage image, VirtualStm32BootloaderSettings settings)
    {
        var device = new VirtualStm32Bootloader(settings: settings);
        using var bus = new VirtualUsbBus(device);
        DfuSeMemoryLayout layout = DfuSeMemoryLayout.Parse(Stm32F405BootloaderDescriptors.InternalFlashLayout);

        Stopwatch clock = Stopwatch.StartNew();
        var client = new DfuClient(device, interfaceNumber: 0, alternateSetting: 0, transferSize: settings.TransferSize);
        client.Open();
        var sectors = new SortedDictionary<uint, uint>();
        foreach ((uint address, byte[] data) in image.Elements)
        {
            for (long at = address; at < address + data.Length;)
            {
                DfuSeMemorySegment segment = layout.FindSegment(at) ?? throw new InvalidOperationException($"0x{at:X8} is outside the layout");
                uint start = segment.SectorStart(at);
                sectors[start] = segment.SectorSize;
                at = start + (long)segment.SectorSize;
            }
        }

        foreach ((uint start, uint size) in sectors)
        {
            client.EraseSector(start, size);
        }

        foreach ((uint address, byte[] data) in image.Elements)
        {
            client.Download(address, data, 0, data.Length);
        }

        clock.Stop();
        client.Close();
        return (clock.Elapsed, Program.Verify(device, image));
    }
}
