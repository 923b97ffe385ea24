using System.Globalization;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Rp2;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Simulators.Lab;

/// <summary>
/// A Raspberry Pi Pico (RP2040) or Pico 2 (RP2350) in the lab: MicroPython (2E8A:0005, serial = unique id, docs/protocols/board-update.md
/// §2.1) until <c>machine.bootloader()</c>, then the BOOTSEL boot ROM (<see cref="VirtualRp2BootRom"/>) at the same USB port over
/// the same flash; the ROM's reboot after PICOBOOT brings MicroPython back with what the flash holds.
/// </summary>
public sealed class LabPico : LabUsbBoard<VirtualRp2BootRom>
{
    private readonly VirtualRp2Settings rp2;
    private readonly VirtualRp2Flash flash;
    private readonly UsbDeviceLocation location;

    public LabPico(VirtualUsbBus bus, string portName, UsbDeviceLocation location, VirtualRp2Settings rp2, string version, DateTime date, LabBoardSettings settings)
        : base(rp2.Chip == Rp2Chip.Rp2040 ? LabBoardKind.Pico : LabBoardKind.Pico2, portName, settings, bus)
    {
        this.location = location;
        this.rp2 = rp2;
        rp2.TimeScale = settings.TimeScale;
        flash = new VirtualRp2Flash(rp2.EffectiveFlashSize);
        LoadFirmware(version, date);
        StartWith(Application());
    }

    /// <summary>RP2040: the flash's unique id; RP2350: the chip id (§2.1; the RP2350 equality is [I]).</summary>
    public override string UniqueIdHex =>
        (rp2.Chip == Rp2Chip.Rp2040 ? rp2.FlashUniqueId : rp2.ChipId).ToString("x16", CultureInfo.InvariantCulture);

    public VirtualRp2BootRom? Rom => CurrentBootloader;

    protected override string Platform => "rp2";

    public void LoadFirmware(string version, DateTime date)
    {
        byte[] image = LabFirmware.PicoImage(Kind, version, date);
        flash.Load(0, image);
    }

    protected override byte[] FlashImage() => flash.Snapshot();

    protected override VirtualRp2BootRom NewBootloader() => new(rp2, location, flash);

    protected override void Follow(VirtualRp2BootRom bootloader) => bootloader.Reenumerated += Reenumerated;

    private VirtualUsbDevice Application() =>
        new(location, Rp2BootselDescriptors.MicroPythonDevice(), [Rp2BootselDescriptors.MicroPythonConfiguration()], Rp2BootselDescriptors.MicroPythonStrings(UniqueIdHex));
}
