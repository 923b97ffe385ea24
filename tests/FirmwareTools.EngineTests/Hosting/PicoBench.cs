using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Rp2;

namespace FirmwareTools.EngineTests.Hosting;

/// <summary>
/// Virtual Picos in BOOTSEL mode, each behind its own loopback USB bridge (which follows the board through its reboot),
/// reached by the module as a user reaches serve-rp2: through FIRMWARETOOLS_USB_BRIDGE.
/// </summary>
public sealed class PicoBench : IDisposable
{
    private PicoBench(IEnumerable<VirtualRp2Settings> boards)
    {
        byte port = 1;
        foreach (VirtualRp2Settings settings in boards)
        {
            Picos.Add(new VirtualPico(settings, new UsbDeviceLocation(1, (byte)(10 + port), $"1-2.{port}")));
            port++;
        }
    }

    public List<VirtualPico> Picos { get; } = [];

    public IEnumerable<VirtualRp2BootRom> Roms => Picos.Select(p => p.Rom);

    public string BridgeAddress => string.Join(",", Picos.Select(p => p.BridgeAddress));

    public static PicoBench Start(params Rp2Chip[] chips) => new(chips.Select((chip, i) => new VirtualRp2Settings { Chip = chip, ChipId = 0x1122334455667700UL + (ulong)i }));

    public void UseIn(PowerShellSession ps)
    {
        ps.SetVariable("bridge", BridgeAddress);
        ps.Run("$env:FIRMWARETOOLS_USB_BRIDGE = $bridge").AssertSucceeded();
    }

    public void Dispose()
    {
        foreach (VirtualPico pico in Picos)
        {
            pico.Dispose();
        }
    }
}
