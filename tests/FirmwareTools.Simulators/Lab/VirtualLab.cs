using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Rp2;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Simulators.Lab;

/// <summary>
/// A lab of virtual boards (docs/protocols/board-update.md §6): one USB bus where bootloaders appear and leave, and serial
/// ports by name that exist while each board's application runs. <see cref="Open"/> stands in for opening a port by name.
/// </summary>
public sealed class VirtualLab : IDisposable
{
    private readonly object gate = new();
    private readonly List<LabBoard> boards = [];

    public VirtualUsbBus Bus { get; } = new();

    public IReadOnlyList<LabBoard> Boards
    {
        get
        {
            lock (gate)
            {
                return [.. boards];
            }
        }
    }

    public LabBoard this[string port] => Boards.Single(b => b.PortName == port);

    /// <summary>A PYBV11 running <paramref name="version"/>, with a unique id of its own.</summary>
    public LabPyboard AddPyboard(string version, LabBoardSettings? settings = null, string? port = null)
    {
        int n = Count(LabBoardKind.Pyboard);
        byte[] uid = [0x33, 0x00, 0x3A, 0x00, 0x11, 0x47, 0x30, 0x36, 0x35, (byte)(0x31 + n), 0x06, 0x20];
        var board = new LabPyboard(Bus, port ?? $"LAB-PYB{n}", new UsbDeviceLocation(1, (byte)(10 + n * 4), $"1-2.{n + 1}"), uid, version, DateOf(version), settings ?? new LabBoardSettings { TimeScale = 0 });
        return Add(board);
    }

    /// <summary>An ESP32 DevKit behind a bridge running <paramref name="version"/>.</summary>
    public LabEsp32 AddEsp32(string version, LabBoardSettings? settings = null, string? port = null)
    {
        int n = Count(LabBoardKind.Esp32);
        var board = new LabEsp32(port ?? $"LAB-ESP{n}", [0x30, 0xAE, 0xA4, 0x00, 0x86, (byte)(0x68 + n)], version, DateOf(version), settings ?? new LabBoardSettings { TimeScale = 0 });
        return Add(board);
    }

    /// <summary>A Pico (RP2040) or Pico 2 (RP2350) running <paramref name="version"/>.</summary>
    public LabPico AddPico(Rp2Chip chip, string version, LabBoardSettings? settings = null, string? port = null)
    {
        LabBoardKind kind = chip == Rp2Chip.Rp2040 ? LabBoardKind.Pico : LabBoardKind.Pico2;
        int n = Count(kind);
        var rp2 = new VirtualRp2Settings
        {
            Chip = chip,
            ChipId = 0x1C2B3A4958675F6Eul + (ulong)n,
            FlashUniqueId = 0xE6614C311B8E2F37ul + (ulong)n,
        };
        string path = chip == Rp2Chip.Rp2040 ? $"1-3.{n + 1}" : $"1-4.{n + 1}";
        var board = new LabPico(Bus, port ?? $"LAB-{(chip == Rp2Chip.Rp2040 ? "PICO" : "PICO2-")}{n}", new UsbDeviceLocation(1, (byte)(60 + n * 4 + (int)kind), path), rp2, version, DateOf(version), settings ?? new LabBoardSettings { TimeScale = 0 });
        return Add(board);
    }

    /// <summary>Opens a board's port by name, as <c>SerialPorts.Open</c> opens a real one.</summary>
    public ISerialPort Open(string name, SerialPortSettings? settings, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        LabBoard? board = Boards.FirstOrDefault(b => b.Answers(name));
        return board is null
            ? throw SerialErrors.PortNotFound(name, "no such port in the virtual lab")
            : board.OpenNamed(name, settings);
    }

    /// <summary>The lab's serial ports as the machine's listing shows them now (for <c>BoardUpdateWorld.ListPorts</c>).</summary>
    public IReadOnlyList<SerialPortInfo> ListPorts() => [.. Boards.SelectMany(b => b.Listing())];

    /// <summary>An ESP32-S3 on native USB (TinyUSB 303A:4001, ROM on its USB-Serial/JTAG) running <paramref name="version"/>.</summary>
    public LabEsp32NativeUsb AddEsp32S3(string version, LabBoardSettings? settings = null, string? port = null)
    {
        int n = Count(LabBoardKind.Esp32S3);
        var board = new LabEsp32NativeUsb(LabBoardKind.Esp32S3, port ?? $"LAB-S3-{n}", [0x60, 0x55, 0xF9, 0x53, 0x00, (byte)(0x10 + n)], $"1-5.{n + 1}", version, DateOf(version), settings ?? new LabBoardSettings { TimeScale = 0 });
        return Add(board);
    }

    /// <summary>An ESP32-S2 on native USB (TinyUSB 303A:4001, ROM on its OTG CDC 303A:0002) running <paramref name="version"/>.</summary>
    public LabEsp32NativeUsb AddEsp32S2(string version, LabBoardSettings? settings = null, string? port = null)
    {
        int n = Count(LabBoardKind.Esp32S2);
        var board = new LabEsp32NativeUsb(LabBoardKind.Esp32S2, port ?? $"LAB-S2-{n}", [0x60, 0x55, 0xF9, 0x52, 0x00, (byte)(0x10 + n)], $"1-7.{n + 1}", version, DateOf(version), settings ?? new LabBoardSettings { TimeScale = 0 });
        return Add(board);
    }

    /// <summary>An ESP32-C3 on its USB-Serial/JTAG (303A:1001) running <paramref name="version"/>.</summary>
    public LabEsp32C3 AddEsp32C3(string version, LabBoardSettings? settings = null, string? port = null)
    {
        int n = Count(LabBoardKind.Esp32C3);
        var board = new LabEsp32C3(port ?? $"LAB-C3-{n}", [0x60, 0x55, 0xF9, 0xC3, 0x00, (byte)(0x10 + n)], $"1-6.{n + 1}", version, DateOf(version), settings ?? new LabBoardSettings { TimeScale = 0 });
        return Add(board);
    }

    /// <summary>
    /// An ESP32-family chip (<paramref name="kind"/>: S2, S3, C3) on a DevKit's USB-UART bridge running
    /// <paramref name="version"/>; the bridge's USB ids are <see cref="LabBoardSettings.ApplicationUsbId"/>.
    /// </summary>
    public LabEsp32 AddEsp32OnBridge(LabBoardKind kind, string version, LabBoardSettings? settings = null, string? port = null)
    {
        int n = Count(kind);
        var board = new LabEsp32(port ?? $"LAB-{kind}-UART{n}", [0x60, 0x55, 0xF9, 0xB0, (byte)kind, (byte)(0x10 + n)], version, DateOf(version), settings ?? new LabBoardSettings { TimeScale = 0 }, kind);
        return Add(board);
    }

    /// <summary>The release date the lab's firmware site gives <paramref name="version"/>.</summary>
    public static DateTime DateOf(string version) =>
        LabFirmware.Releases.Where(r => r.Version == version).Select(r => r.Date).DefaultIfEmpty(new DateTime(2023, 10, 5)).First();

    public void Dispose()
    {
        foreach (LabBoard board in Boards)
        {
            board.Dispose();
        }

        Bus.Dispose();
    }

    private int Count(LabBoardKind kind) => Boards.Count(b => b.Kind == kind);

    private T Add<T>(T board)
        where T : LabBoard
    {
        lock (gate)
        {
            boards.Add(board);
        }

        return board;
    }
}
