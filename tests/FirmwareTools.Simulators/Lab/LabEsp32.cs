using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;

namespace FirmwareTools.Simulators.Lab;

/// <summary>
/// An ESP32 DevKit behind a USB-UART bridge in the lab (docs/protocols/board-update.md §3.3): the bridge's port is always
/// there and keeps its name; the board (<see cref="VirtualEsp32Board"/>, with its DevKit reset circuit and ROM loader) runs
/// <see cref="LabEsp32Repl"/> from flash until DTR/RTS reset it into the ROM, and again after the RTS reset that ends a flash.
/// An S2, S3 or C3 may sit behind a bridge too (a DevKit's UART port), with its own ROM and image offset; the bridge's USB
/// ids are <see cref="LabBoardSettings.ApplicationUsbId"/> (none listed when unset, as on a socket:// port).
/// </summary>
public sealed class LabEsp32 : LabBoard
{
    public LabEsp32(string portName, IReadOnlyList<byte> mac, string version, DateTime date, LabBoardSettings settings, LabBoardKind kind = LabBoardKind.Esp32)
        : base(kind, portName, settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        VirtualEsp32ChipKind chip = kind switch
        {
            LabBoardKind.Esp32 => VirtualEsp32ChipKind.Esp32,
            LabBoardKind.Esp32S2 => VirtualEsp32ChipKind.Esp32S2,
            LabBoardKind.Esp32S3 => VirtualEsp32ChipKind.Esp32S3,
            LabBoardKind.Esp32C3 => VirtualEsp32ChipKind.Esp32C3,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an ESP32-family board"),
        };
        Board = new VirtualEsp32Board(VirtualEsp32Settings.ForChip(chip) with { TimeScale = settings.TimeScale, Mac = mac, StartInDownloadMode = false, ResetOnAttach = false });
        UniqueIdHex = Convert.ToHexString([.. mac]).ToLowerInvariant();
        LoadFirmware(version, date);
        Board.Application = new LabEsp32Repl(() => LabImageFacts.Read(Board.Flash.Contents), settings.UniqueIdOverride ?? UniqueIdHex, kind);
        Board.PressReset();
    }

    public VirtualEsp32Board Board { get; }

    public override string UniqueIdHex { get; }

    public override bool InApplication => true; // the bridge's port never leaves (§3.3)

    protected override string Platform => "esp32";

    /// <summary>The merged image at the chip's offset: 0x1000 on the ESP32 and S2, 0x0 on the S3 and C3.</summary>
    public void LoadFirmware(string version, DateTime date) =>
        Board.Flash.Program(Kind is LabBoardKind.Esp32 or LabBoardKind.Esp32S2 ? 0x1000 : 0, LabFirmware.Build(Kind, version, date));

    /// <summary>The bridge's port, with the bridge's USB ids when the settings give them.</summary>
    public override IEnumerable<SerialPortInfo> Listing() => Settings.ApplicationUsbId is (ushort vid, ushort pid)
        ? [new SerialPortInfo(PortName) { VendorId = vid, ProductId = pid, SerialNumber = "BRIDGE-" + UniqueIdHex, Product = "USB-UART bridge" }]
        : base.Listing();

    /// <summary>The bridge's port: a new line to the same board, DTR/RTS set at once as the lab's opener is asked.</summary>
    public override Protocols.Usb.IUsbDevice? CurrentUsbDevice => null;

    public override VirtualSerialLink OpenLink(SerialPortSettings? settings) => Attach(Board, PortName, settings, reset: null);

    /// <summary>
    /// A new line named <paramref name="name"/> to <paramref name="board"/>, DTR/RTS set at once as the lab's opener is
    /// asked (before the board listens, so opening never pulses them); <paramref name="reset"/> null takes the board's setting.
    /// </summary>
    public static VirtualSerialLink Attach(VirtualEsp32Board board, string name, SerialPortSettings? settings, bool? reset)
    {
        ArgumentNullException.ThrowIfNull(board);
        var link = new VirtualSerialLink(name, settings?.BaudRate ?? 115200);
        if (settings?.Dtr is not null || settings?.Rts is not null)
        {
            link.Host.SetModemLines(settings.Dtr ?? false, settings.Rts ?? false);
        }

        board.Attach(link, reset ?? board.Settings.ResetOnAttach);
        return link;
    }

    public override void Dispose()
    {
        Board.Dispose();
        base.Dispose();
    }

    protected override byte[] FlashImage() => Board.Flash.Contents;

    protected override void LeaveApplication()
    {
        // The original ESP32 has no machine.bootloader(): LabEsp32Repl answers it with an AttributeError.
    }
}
