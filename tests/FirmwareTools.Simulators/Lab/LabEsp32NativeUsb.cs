using System.Globalization;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;

namespace FirmwareTools.Simulators.Lab;

/// <summary>
/// An ESP32-S3 (or S2) board on native USB in the lab (docs/protocols/board-update.md §3.4): MicroPython's TinyUSB CDC port
/// (303A:4001, or <see cref="LabBoardSettings.ApplicationUsbId"/>; serial = the MAC and four more digits) while the application runs, answering from the image in flash;
/// <c>machine.bootloader()</c> takes it away, sets FORCE_DOWNLOAD_BOOT and restarts the chip (<see cref="VirtualEsp32Board"/>
/// with the S3's ROM), whose USB-Serial/JTAG port (303A:1001, serial = the MAC) appears after
/// <see cref="LabBoardSettings.BootloaderEnumerationDelay"/> under another name at the same USB location. When the chip
/// boots its application again (the ROM left with the force bit cleared and an RTS reset), the ROM's port goes and the
/// TinyUSB port returns after <see cref="LabBoardSettings.BootDelay"/> (named <see cref="LabBoardSettings.ReturnsAsPort"/> when set). The S2's ROM shows its OTG CDC instead (303A:0002,
/// serial <c>0</c>), left by a watchdog reset; whether its ROM clears FORCE_DOWNLOAD_BOOT is [U], and the lab's S2 does
/// (<see cref="VirtualEsp32Settings.S2ClearsForceDownloadOnBoot"/>), as the route's success needs.
/// </summary>
public sealed class LabEsp32NativeUsb : LabBoard
{
    private readonly object gate = new();
    private readonly string location;
    private VirtualSerialLink? romLink;
    private string applicationPortName;
    private bool appPort;
    private bool romPort;

    public LabEsp32NativeUsb(LabBoardKind kind, string portName, IReadOnlyList<byte> mac, string location, string version, DateTime date, LabBoardSettings settings)
        : base(kind, portName, settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        this.location = location;
        applicationPortName = portName;
        IsS2 = kind == LabBoardKind.Esp32S2;
        VirtualEsp32Settings chip = VirtualEsp32Settings.ForChip(IsS2 ? VirtualEsp32ChipKind.Esp32S2 : VirtualEsp32ChipKind.Esp32S3) with
        {
            TimeScale = settings.TimeScale,
            Mac = mac,
            StartInDownloadMode = false,
            ResetOnAttach = false,
            Link = IsS2 ? VirtualEsp32Link.UsbOtg : VirtualEsp32Link.UsbSerialJtag,
            UsbSerialNumber = settings.BootloaderSerialOverride ?? (IsS2 ? "0" : null),
            S2ClearsForceDownloadOnBoot = true,
            RtcWatchdogRegisters = IsS2 ? VirtualRtcWatchdogRegisters.S2 : VirtualRtcWatchdogRegisters.S3,
        };
        Board = new VirtualEsp32Board(chip);
        UniqueIdHex = Convert.ToHexString([.. mac]).ToLowerInvariant();
        Board.Flash.Program(IsS2 ? 0x1000 : 0, LabFirmware.Build(kind, version, date));
        Board.Application = new Booted(this);
        Board.PressReset();
    }

    public VirtualEsp32Board Board { get; }

    /// <summary>An S2: its ROM's port is the OTG CDC, found by USB location.</summary>
    public bool IsS2 { get; }

    public override string UniqueIdHex { get; }

    /// <summary>
    /// The name MicroPython's port has now: <see cref="LabBoard.PortName"/> until the chip restarts from its ROM, then
    /// <see cref="LabBoardSettings.ReturnsAsPort"/> when set.
    /// </summary>
    public string ApplicationPortName
    {
        get
        {
            lock (gate)
            {
                return applicationPortName;
            }
        }
    }

    /// <summary>The ROM's USB-Serial/JTAG port's name: another name than the application's, as a re-enumerated port gets.</summary>
    public string RomPortName => PortName + "-ROM";

    public override bool InApplication
    {
        get
        {
            lock (gate)
            {
                return appPort;
            }
        }
    }

    public override Protocols.Usb.IUsbDevice? CurrentUsbDevice => null;

    protected override string Platform => "esp32";

    public override IEnumerable<SerialPortInfo> Listing()
    {
        lock (gate)
        {
            var ports = new List<SerialPortInfo>();
            if (appPort)
            {
                // TinyUSB: 16 lower-case hex digits, the first 12 the base MAC (esp32-family.md §3.5).
                (ushort vid, ushort pid) = Settings.ApplicationUsbId ?? (0x303A, VirtualEsp32UsbHost.TinyUsbProductId);
                ports.Add(new SerialPortInfo(applicationPortName) { VendorId = vid, ProductId = pid, SerialNumber = UniqueIdHex + "0000", UsbLocation = location, Product = "Board in FS mode" });
            }

            if (romPort)
            {
                ports.Add(new SerialPortInfo(RomPortName) { VendorId = 0x303A, ProductId = IsS2 ? (ushort)0x0002 : (ushort)0x1001, SerialNumber = Board.UsbSerialNumber, UsbLocation = location, Product = IsS2 ? "ESP32-S2" : "USB JTAG/serial debug unit" });
            }

            return ports;
        }
    }

    public override bool Answers(string name) => name == ApplicationPortName || name == RomPortName;

    public override ISerialPort OpenNamed(string name, SerialPortSettings? settings)
    {
        if (name == ApplicationPortName)
        {
            return Open(settings);
        }

        lock (gate)
        {
            if (!romPort)
            {
                throw SerialErrors.PortNotFound(name, "the virtual board is not in its ROM loader");
            }

            romLink = LabEsp32.Attach(Board, name, settings, reset: false);
            return romLink.Host;
        }
    }

    public override void Dispose()
    {
        Board.Dispose();
        base.Dispose();
    }

    protected override byte[] FlashImage() => Board.Flash.Contents;

    /// <summary>machine.bootloader() (§3.4 A → B): the TinyUSB port is gone; the ROM's port appears after its delay.</summary>
    protected override void LeaveApplication()
    {
        lock (gate)
        {
            appPort = false;
        }

        Board.RestartIntoLoaderBySoftware();
        if (Settings.BootloaderNeverAppears)
        {
            return;
        }

        After(Settings.BootloaderEnumerationDelay, () =>
        {
            lock (gate)
            {
                romPort = true;
            }
        });
    }

    /// <summary>The chip booted its application: the ROM's port (if any) goes, MicroPython's port comes after the boot delay.</summary>
    private void ApplicationBooted()
    {
        VirtualSerialLink? gone;
        bool first;
        lock (gate)
        {
            gone = romLink;
            first = !romPort && gone is null;
            romLink = null;
            romPort = false;
        }

        if (gone is not null)
        {
            // Off the chip's lock: the USB device leaves the bus as the chip restarts.
            _ = Task.Run(gone.Disconnect);
        }

        if (!first && Settings.NeverComesBack)
        {
            return;
        }

        if (!first && Settings.ReturnsAsPort is string renamed)
        {
            lock (gate)
            {
                applicationPortName = renamed;
            }
        }

        ApplicationStarts();
        After(first ? TimeSpan.Zero : Settings.BootDelay, () =>
        {
            lock (gate)
            {
                appPort = true;
            }
        });
    }

    /// <summary>What the chip runs from flash, as far as its USB-Serial/JTAG port sees it: nothing (MicroPython talks over TinyUSB).</summary>
    private sealed class Booted(LabEsp32NativeUsb owner) : IVirtualEsp32Application
    {
        public string Started()
        {
            owner.ApplicationBooted();
            return string.Empty;
        }

        public byte[] Receive(ReadOnlySpan<byte> received) => [];
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind} {PortName}");
}
