using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;

namespace FirmwareTools.Simulators.Lab;

/// <summary>
/// An ESP32-C3 board on its USB-Serial/JTAG in the lab (docs/protocols/board-update.md §3.5): one USB device, 303A:1001 with
/// the MAC as its serial, whatever the chip runs; <see cref="VirtualEsp32Board"/> with the C3's ROM decodes DTR/RTS as the
/// USB-Serial/JTAG does (the download latch and core resets) and runs <see cref="LabEsp32Repl"/> from flash otherwise.
/// </summary>
public sealed class LabEsp32C3 : LabBoard
{
    private readonly string location;

    public LabEsp32C3(string portName, IReadOnlyList<byte> mac, string location, string version, DateTime date, LabBoardSettings settings)
        : base(LabBoardKind.Esp32C3, portName, settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.location = location;
        VirtualEsp32Settings chip = VirtualEsp32Settings.ForChip(VirtualEsp32ChipKind.Esp32C3) with
        {
            TimeScale = settings.TimeScale,
            Mac = mac,
            StartInDownloadMode = false,
            ResetOnAttach = false,
            Link = VirtualEsp32Link.UsbSerialJtag,
            RtcWatchdogRegisters = VirtualRtcWatchdogRegisters.C3,
        };
        Board = new VirtualEsp32Board(chip);
        UniqueIdHex = Convert.ToHexString([.. mac]).ToLowerInvariant();
        Board.Flash.Program(0, LabFirmware.Build(LabBoardKind.Esp32C3, version, date));
        Board.Application = new LabEsp32Repl(() => LabImageFacts.Read(Board.Flash.Contents), settings.UniqueIdOverride ?? UniqueIdHex, LabBoardKind.Esp32C3);
        Board.PressReset();
    }

    public VirtualEsp32Board Board { get; }

    public override string UniqueIdHex { get; }

    /// <summary>The application runs (not the ROM loader, not in reset).</summary>
    public override bool InApplication => Board.State == Esp32BoardState.RunApp;

    public override Protocols.Usb.IUsbDevice? CurrentUsbDevice => null;

    protected override string Platform => "esp32";

    /// <summary>The USB-Serial/JTAG is listed in every state of the chip (§3.5).</summary>
    public override IEnumerable<SerialPortInfo> Listing()
    {
        (ushort vid, ushort pid) = Settings.ApplicationUsbId ?? (0x303A, 0x1001);
        return [new SerialPortInfo(PortName) { VendorId = vid, ProductId = pid, SerialNumber = Board.UsbSerialNumber, UsbLocation = location, Product = "USB JTAG/serial debug unit" }];
    }

    /// <summary>A new line to the same chip, DTR/RTS set at once as the lab's opener is asked.</summary>
    public override VirtualSerialLink OpenLink(SerialPortSettings? settings) => LabEsp32.Attach(Board, PortName, settings, reset: null);

    public override void Dispose()
    {
        Board.Dispose();
        base.Dispose();
    }

    protected override byte[] FlashImage() => Board.Flash.Contents;

    protected override void LeaveApplication()
    {
        // The route resets a USJ board into the ROM through the USJ's lines; LabEsp32Repl answers machine.bootloader() itself.
    }
}
