using System.Diagnostics;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Simulators.Dfu;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Benchmarks;

/// <summary>
/// Our DfuSeFlasher on a fresh simulator over the in-process IUsbDevice, the way the module runs it: find the
/// device, plan from its own memory layouts, open a client on the internal-flash alternate setting, flash.
/// The timing runs from opening the client to the flasher's return (verify off, stay in DFU), the same work
/// webdfu's figure covers; enumeration is left out as webdfu's open is.
/// </summary>
internal static class OursRun
{
    public const string Name = "DfuSeFlasher, in-process IUsbDevice";

    public static (TimeSpan Elapsed, bool Verified, ModelledSequence Modelled) Flash(BenchmarkImage image, VirtualStm32BootloaderSettings settings)
    {
        var device = new VirtualStm32Bootloader(settings: settings);
        using var bus = new VirtualUsbBus(device);
        DfuDevice dfu = DfuDeviceFinder.Find(bus).Single();
        DfuAlternateSetting flash = dfu.InternalFlash ?? throw new InvalidOperationException("the simulator shows no internal flash");
        var layouts = dfu.AlternateSettings.Where(a => a.MemoryLayout is not null).ToDictionary(a => a.Number, a => a.MemoryLayout!);
        var target = new DfuSeTarget(flash.Number, "ST...", image.Elements.Select(e => new DfuSeElement(e.Address, e.Data)));
        DfuSeFlashPlan plan = DfuSeFlashPlan.Create([target], layouts);

        Stopwatch clock = Stopwatch.StartNew();
        var client = new DfuSeClient(dfu.UsbDevice, dfu.InterfaceNumber, flash.Number, dfu.TransferSize);
        client.Open();
        new DfuSeFlasher(client).Flash(plan, new DfuSeFlashOptions { Verify = false, NoReset = true });
        clock.Stop();
        client.Close();
        ModelledSequence modelled = ModelledSequence.Of(device.RequestLog, settings, device.FlashArea);
        return (clock.Elapsed, Program.Verify(device, image), modelled);
    }
}
