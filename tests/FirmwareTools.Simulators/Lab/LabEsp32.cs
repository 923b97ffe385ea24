using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;

namespace FirmwareTools.Simulators.Lab;

/// <summary>
/// An ESP32 DevKit behind a USB-UART bridge in the lab (docs/protocols/board-update.md §3.3): the bridge's port is always
/// there and keeps its name; the board (<see cref="VirtualEsp32Board"/>, with its DevKit reset circuit and ROM loader) runs
/// <see cref="LabEsp32Repl"/> from flash until DTR/RTS reset it into the ROM, and again after the RTS reset that ends a flash.
/// </summary>
public sealed class LabEsp32 : LabBoard
{
    private const int MergedBinOffset = 0x1000;

    public LabEsp32(string portName, IReadOnlyList<byte> mac, string version, DateTime date, LabBoardSettings settings)
        : base(LabBoardKind.Esp32, portName, settings)
    {
        Board = new VirtualEsp32Board(new VirtualEsp32Settings { TimeScale = settings.TimeScale, Mac = mac, StartInDownloadMode = false, ResetOnAttach = false });
        UniqueIdHex = Convert.ToHexString([.. mac]).ToLowerInvariant();
        LoadFirmware(version, date);
        Board.Application = new LabEsp32Repl(() => LabImageFacts.Read(Board.Flash.Contents), settings.UniqueIdOverride ?? UniqueIdHex);
        Board.PressReset();
    }

    public VirtualEsp32Board Board { get; }

    public override string UniqueIdHex { get; }

    public override bool InApplication => true; // the bridge's port never leaves (§3.3)

    protected override string Platform => "esp32";

    public void LoadFirmware(string version, DateTime date) =>
        Board.Flash.Program(MergedBinOffset, LabFirmware.Build(LabBoardKind.Esp32, version, date));

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
