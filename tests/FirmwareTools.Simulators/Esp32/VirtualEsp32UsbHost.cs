using System.Globalization;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.Serial;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Simulators.Esp32;

/// <summary>
/// The host side of a virtual board's own USB port (docs/protocols/esp32-family.md §3.5, §6.1): a CDC-ACM tty named
/// /dev/ttyACMn, listed in a fake sysfs with the USB ids the chip shows (303A:1001 on the USB-Serial/JTAG, 303A:0009 or
/// 0002 from the ROM's OTG CDC, 303A:4001 from MicroPython's TinyUSB), and opened in-process by name. When a reset makes
/// the port re-enumerate, the old tty goes (its open handle fails as an unplugged port's does) and, unless
/// <see cref="VirtualEsp32Settings.PortComesBackAfterReset"/> is off, a new one appears under the next free name at the
/// same USB location with the same serial number.
/// </summary>
public sealed class VirtualEsp32UsbHost : IDisposable
{
    private readonly object gate = new();
    private readonly VirtualEsp32Board board;
    private readonly FakeUsbSerialSysfs sysfs;
    private readonly List<string> names = [];
    private VirtualSerialLink? link;
    private string? tty;
    private int nextNumber;

    /// <param name="board">The board, with <see cref="VirtualEsp32Settings.Link"/> USB-Serial/JTAG or OTG.</param>
    /// <param name="sysfs">The fake sysfs to list the port in (shared when several boards are plugged).</param>
    /// <param name="location">The USB path of the socket the board is plugged into (1-1.3); it does not change on re-enumeration.</param>
    /// <param name="firstNumber">n of the first /dev/ttyACMn.</param>
    public VirtualEsp32UsbHost(VirtualEsp32Board board, FakeUsbSerialSysfs sysfs, string location = "1-1.3", int firstNumber = 0)
    {
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(sysfs);
        this.board = board;
        this.sysfs = sysfs;
        Location = location;
        nextNumber = firstNumber;
        board.UsbReenumerating += OnReenumerating;
        Plug(reset: board.Settings.ResetOnAttach);
    }

    /// <summary>The Espressif product id the ROM's OTG CDC shows: 0x0009 (S3) by default, 0x0002 for an S2 [S].</summary>
    public ushort OtgRomProductId { get; init; } = 0x0009;

    /// <summary>MicroPython's TinyUSB CDC product id (0x4000 | CDC) [I: computed from the macro, not seen on a device].</summary>
    public const ushort TinyUsbProductId = 0x4001;

    public string Location { get; }

    /// <summary>The board's port now, e.g. /dev/ttyACM1; null while it is gone.</summary>
    public string? PortName
    {
        get
        {
            lock (gate)
            {
                return tty is null ? null : "/dev/" + tty;
            }
        }
    }

    /// <summary>Every name the port had, in order.</summary>
    public IReadOnlyList<string> PortNames
    {
        get
        {
            lock (gate)
            {
                return [.. names];
            }
        }
    }

    /// <summary>Opens the board's port by name, as the module's port opener would; a name that is gone is not found.</summary>
    public ISerialPort Open(string name)
    {
        lock (gate)
        {
            if (link is null || tty is null || !string.Equals(name, "/dev/" + tty, StringComparison.Ordinal))
            {
                // The serial seam's failure for a vanished port: the name was the board's before it re-enumerated, or never was.
                throw new SerialPortLostException(name, "no such port (the board's port is " + (tty is null ? "gone" : "/dev/" + tty) + ")");
            }

            return link.Host;
        }
    }

    public void Dispose()
    {
        board.UsbReenumerating -= OnReenumerating;
        lock (gate)
        {
            if (tty is not null)
            {
                sysfs.Unplug(Location, tty);
            }

            tty = null;
        }
    }

    private void Plug(bool reset)
    {
        VirtualSerialLink created;
        lock (gate)
        {
            tty = "ttyACM" + nextNumber.ToString(CultureInfo.InvariantCulture);
            nextNumber++;
            names.Add("/dev/" + tty);
            created = new VirtualSerialLink("/dev/" + tty);
            link = created;
            (ushort pid, string? serial, string product) = Identity();
            sysfs.Plug(Location, tty, 0x303A, pid, serial, "Espressif", product);
        }

        board.Attach(created, reset);
    }

    /// <summary>What the port shows: the USJ is the same device in the ROM and the application; the OTG port is the ROM's CDC or TinyUSB's.</summary>
    private (ushort ProductId, string? Serial, string Product) Identity()
    {
        if (board.Settings.Link == VirtualEsp32Link.UsbSerialJtag)
        {
            return (0x1001, board.UsbSerialNumber, "USB JTAG/serial debug unit");
        }

        if (board.State == Esp32BoardState.RomDownload)
        {
            return (OtgRomProductId, board.UsbSerialNumber, "ESP32-S3");
        }

        // TinyUSB: 16 lower-case hex digits, the first 12 the base MAC (§3.5 [S]); the last 4 are unspecified.
        string mac = string.Concat(board.Settings.Mac.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
        return (TinyUsbProductId, mac + "0000", "Board in FS mode");
    }

    private void OnReenumerating()
    {
        VirtualSerialLink? gone;
        lock (gate)
        {
            gone = link;
            if (tty is not null)
            {
                sysfs.Unplug(Location, tty);
            }

            link = null;
            tty = null;
        }

        gone?.Disconnect();
        if (!board.Settings.PortComesBackAfterReset)
        {
            return;
        }

        TimeSpan delay = board.Settings.ReenumerateDelay;
        if (delay <= TimeSpan.Zero)
        {
            Plug(reset: false);
            return;
        }

        _ = Task.Delay(delay).ContinueWith(_ => Plug(reset: false), TaskScheduler.Default);
    }
}
