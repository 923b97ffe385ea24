using System.Collections.Generic;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>What the user asked Install-Esp32Firmware to do to one port, as plain values.</summary>
    public sealed record Esp32InstallRequest
    {
        /// <summary>COM5, /dev/ttyUSB0, socket://host:port, rfc2217://host:port.</summary>
        public string Port { get; init; } = string.Empty;

        /// <summary>Files and the offsets they go to; a MicroPython .bin alone goes to the bootloader offset.</summary>
        public IReadOnlyList<Esp32Region> Regions { get; init; } = new Esp32Region[0];

        /// <summary>The rate to connect at (the ROM auto-bauds on SYNC).</summary>
        public int BaudRate { get; init; } = Esp32Protocol.EspRomBaud;

        /// <summary>The rate to switch to after the sync for the data; the connect rate when the link fails there.</summary>
        public int FlashBaudRate { get; init; } = 921600;

        public Esp32BeforeMode Before { get; init; } = Esp32BeforeMode.DefaultReset;

        public Esp32AfterMode After { get; init; } = Esp32AfterMode.HardReset;

        /// <summary>MD5-verify every region (the default); false only for -NoVerify.</summary>
        public bool Verify { get; init; } = true;

        /// <summary>Write raw data where an image is not required, and images built for another chip or revision.</summary>
        public bool Force { get; init; }

        /// <summary>A Pycom firmware package (.tar.gz): its script is run instead of <see cref="Regions"/>.</summary>
        public string? PackagePath { get; init; }

        /// <summary>
        /// Flash mode, frequency and size for the bootloader header at 0x1000. Null: keep for MicroPython images and
        /// files, Pycom's updater's dio / 80m / detect for a package.
        /// </summary>
        public Esp32FlashParameters? FlashParameters { get; init; }

        /// <summary>Compare each region's MD5 on the chip first and write only the regions that differ.</summary>
        public bool SkipUnchanged { get; init; }

        /// <summary>Erase the whole flash (config block and file system included) before writing.</summary>
        public bool EraseAll { get; init; }

        /// <summary>-Before PycomPic: how long the PIC holds the module in reset (200 ms, Pycom's updater); tests shorten it.</summary>
        public System.TimeSpan? PicResetPulse { get; init; }

        /// <summary>-Before PycomPic: the wait after releasing reset (100 ms, Pycom's updater).</summary>
        public System.TimeSpan? PicResetRecovery { get; init; }

        /// <summary>The port's USB vendor and product id when known (Get-SerialPort's lookup): a Pycom PIC makes a failed DefaultReset suggest -Before PycomPic.</summary>
        public (ushort VendorId, ushort ProductId)? PortUsbId { get; init; }

        /// <summary>
        /// How the board is connected (docs/protocols/esp32-family.md §3.1); null recognises it from <see cref="PortUsbId"/>
        /// (a port without USB ids, as socket:// and rfc2217://, is taken for a bridge). -Before DefaultReset and -After
        /// HardReset mean the reset this connection needs.
        /// </summary>
        public Esp32Connection? Connection { get; init; }

        /// <summary>
        /// The port as the machine's listing shows it (USB serial number and location): how the board is found again when a
        /// reset makes its port re-enumerate. Null: it cannot be followed, and a vanished port is an error.
        /// </summary>
        public Serial.SerialPortInfo? PortIdentity { get; init; }

        /// <summary>The RTC watchdog to disable over USB-Serial/JTAG (and to reset through on OTG); null takes the detected chip's (<see cref="Esp32ChipTarget.RtcWatchdog"/>).</summary>
        public Esp32RtcWatchdog? RtcWatchdog { get; init; }

        /// <summary>How long a re-enumerating port may take to come back (5 s when null).</summary>
        public System.TimeSpan? ReenumerationTimeout { get; init; }

        /// <summary>Protocol timeouts; esptool's when null.</summary>
        public Esp32Timeouts? Timeouts { get; init; }

        /// <summary>Reset-and-sync rounds (esptool: 7).</summary>
        public int ConnectAttempts { get; init; } = 7;

        /// <summary>
        /// The MAC the chip must have (12 hex digits, any case, colons allowed), checked before anything is erased: the
        /// board Update-Firmware read over its REPL (<c>machine.unique_id()</c>) is the one it flashes
        /// (docs/protocols/board-update.md §3.3). Null: any chip.
        /// </summary>
        public string? ExpectedMac { get; init; }
    }
}
