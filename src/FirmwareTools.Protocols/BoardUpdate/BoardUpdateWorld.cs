using System;
using System.Collections.Generic;
using System.Threading;
using FirmwareTools.Protocols.MicroPython;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>
    /// What an update reaches outside itself: serial ports by name, the USB bus (where bootloaders appear), the firmware
    /// catalog, and how patient to be. The cmdlet passes the machine's; tests pass virtual boards and short waits.
    /// </summary>
    public sealed class BoardUpdateWorld
    {
        public BoardUpdateWorld(Func<string, SerialPortSettings, CancellationToken, ISerialPort> openPort, Func<IUsbBackend> usb, IFirmwareCatalog catalog)
        {
            OpenPort = openPort ?? throw new ArgumentNullException(nameof(openPort));
            Usb = usb ?? throw new ArgumentNullException(nameof(usb));
            Catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        }

        public Func<string, SerialPortSettings, CancellationToken, ISerialPort> OpenPort { get; }

        /// <summary>The USB bus; called once per board that needs it. The backend is shared, not disposed by the update.</summary>
        public Func<IUsbBackend> Usb { get; }

        public IFirmwareCatalog Catalog { get; }

        /// <summary>
        /// The machine's serial ports with their USB ids, serial numbers and locations (Get-SerialPort's listing): how an
        /// ESP32 on native USB is found again after its port vanished (docs/protocols/board-update.md §2.1, §3.4). Each route
        /// takes its snapshot before the trigger. Tests pass the virtual lab's.
        /// </summary>
        public Func<IReadOnlyList<SerialPortInfo>> ListPorts { get; set; } = SerialPortFinder.Find;

        /// <summary>The REPL's line speed (MicroPython's is 115200; native USB ignores it).</summary>
        public int BaudRate { get; set; } = 115200;

        public RawReplOptions ReplOptions { get; set; } = new RawReplOptions();

        public BoardUpdateTimeouts Timeouts { get; set; } = new BoardUpdateTimeouts();

        /// <summary>The bootloader serials of every board planned with this world: one world is one run of Update-Firmware.</summary>
        public RunBootloaderSerials BootloaderSerials { get; } = new RunBootloaderSerials();
    }
}
