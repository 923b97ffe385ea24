using System.Globalization;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Simulators.Esp32;

/// <summary>
/// A served board's USB port in a fake sysfs (serve-esp32 --sysfs): the ids and serial number Get-SerialPort shows for
/// it (docs/protocols/esp32-family.md §3.1, §3.5), renamed ttyACM0, ttyACM1 ... each time it re-enumerates. The data
/// itself goes over the server's TCP port; this is what the listing shows.
/// </summary>
public sealed class VirtualEsp32UsbListing : IDisposable
{
    private const string Location = "1-1.3";
    private readonly VirtualEsp32Board board;
    private readonly FakeUsbSerialSysfs sysfs;
    private int number;

    /// <param name="board">A board on its own USB (<see cref="VirtualEsp32Settings.Link"/> USB-Serial/JTAG or OTG).</param>
    /// <param name="sysfs">Where to list it.</param>
    public VirtualEsp32UsbListing(VirtualEsp32Board board, FakeUsbSerialSysfs sysfs)
    {
        this.board = board ?? throw new ArgumentNullException(nameof(board));
        this.sysfs = sysfs ?? throw new ArgumentNullException(nameof(sysfs));
        Plug();
        board.UsbReenumerating += OnReenumerating;
    }

    public string Tty => "ttyACM" + number.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        board.UsbReenumerating -= OnReenumerating;
        sysfs.Unplug(Location, Tty);
        sysfs.Dispose();
    }

    private void Plug()
    {
        (ushort pid, string product) = board.Settings.Link switch
        {
            VirtualEsp32Link.UsbSerialJtag => ((ushort)0x1001, "USB JTAG/serial debug unit"),
            _ when board.State == Esp32BoardState.RomDownload => ((ushort)0x0009, "ESP32-S3"),
            _ => (VirtualEsp32UsbHost.TinyUsbProductId, "Board in FS mode"),
        };
        sysfs.Plug(Location, Tty, 0x303A, pid, board.UsbSerialNumber, "Espressif", product);
    }

    private void OnReenumerating()
    {
        sysfs.Unplug(Location, Tty);
        number++;
        Plug();
    }
}
