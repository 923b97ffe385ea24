using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Protocols.Esp32Board
{
    /// <summary>
    /// Install-Esp32Firmware below the cmdlet, in two steps so nothing reaches the board before the input is checked and
    /// the user confirmed: <see cref="Prepare"/> (<see cref="Esp32InstallPlanner"/>) reads and validates every file and
    /// the layout with no port I/O; <c>Install</c> opens the port and hands the plan to an <see cref="Esp32InstallRun"/>.
    /// The same shape as <see cref="Pyboard.PyboardInstaller"/>'s: prepare everything, then run.
    /// </summary>
    public static class Esp32Installer
    {
        /// <inheritdoc cref="Esp32InstallPlanner.Plan"/>
        public static Esp32InstallPreparation Prepare(Esp32InstallRequest request) => Esp32InstallPlanner.Plan(request);

        /// <inheritdoc cref="Esp32InstallPlanner.RegionForFirmware"/>
        public static Esp32Region RegionForFirmware(string path) => Esp32InstallPlanner.RegionForFirmware(path);

        /// <inheritdoc cref="Esp32InstallPlanner.IsPackage"/>
        public static bool IsPackage(string path) => Esp32InstallPlanner.IsPackage(path);

        /// <summary>Runs the prepared install on the port named in the request, opened by name (OS port, socket://, rfc2217://).</summary>
        public static Esp32InstallResult Install(
            Esp32InstallPreparation prepared,
            IProgress<OperationProgress>? progress = null,
            OperationLog? log = null,
            CancellationToken cancellationToken = default) =>
            Install(prepared, (name, token) => OpenPort(name, prepared?.Request.BaudRate ?? Esp32Protocol.EspRomBaud, prepared is null ? Esp32BeforeMode.DefaultReset : BeforeFor(prepared.Request), token), progress, log, cancellationToken);

        /// <summary>
        /// The -Before that runs for <paramref name="request"/>: the request's, where -Before DefaultReset means the
        /// connection's own reset (<see cref="Esp32Connections.DefaultBefore"/>: the bridge cycle, the USB-Serial/JTAG
        /// sequence, none on the ROM's OTG port, whose modem-control requests some ROMs refuse).
        /// </summary>
        public static Esp32BeforeMode BeforeFor(Esp32InstallRequest request)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            return request.Before == Esp32BeforeMode.DefaultReset ? Esp32Connections.DefaultBefore(ConnectionFor(request)) : request.Before;
        }

        /// <summary>The connection the request names, else the one its port's USB ids say (a bridge when it has none).</summary>
        public static Esp32Connection ConnectionFor(Esp32InstallRequest request) =>
            request?.Connection ?? Esp32Connections.FromUsbId(request?.PortUsbId);

        /// <summary>
        /// Opens a port for the ROM loader: 8N1 at the connect rate, DTR and RTS released from the start so that opening
        /// the port does not hold the chip in reset (esptool sets them before opening, for Windows' usbser.sys).
        /// </summary>
        public static ISerialPort OpenPort(string name, int baudRate, CancellationToken cancellationToken) =>
            OpenPort(name, baudRate, Esp32BeforeMode.DefaultReset, cancellationToken);

        /// <summary>
        /// Opens a port for the ROM loader as <paramref name="before"/> needs it. With <see cref="Esp32BeforeMode.NoReset"/>
        /// DTR and RTS are not touched at all: the board must stay where the user (or another program) left it, and
        /// releasing lines that were left asserted would pass through a reset state on the DevKit circuit
        /// (docs/protocols/esp32-family.md §3.1). Otherwise both are released, RTS first (<see cref="ModemLineOrder"/>).
        /// </summary>
        public static ISerialPort OpenPort(string name, int baudRate, Esp32BeforeMode before, CancellationToken cancellationToken) =>
            SerialPorts.Open(
                name,
                before == Esp32BeforeMode.NoReset
                    ? new SerialPortSettings { BaudRate = baudRate, LinesUntouched = true }
                    : new SerialPortSettings { BaudRate = baudRate, Dtr = false, Rts = false },
                cancellationToken);

        /// <summary>Runs the prepared install on the port <paramref name="openPort"/> opens; closes the port in every outcome.</summary>
        public static Esp32InstallResult Install(
            Esp32InstallPreparation prepared,
            Func<string, CancellationToken, ISerialPort> openPort,
            IProgress<OperationProgress>? progress = null,
            OperationLog? log = null,
            CancellationToken cancellationToken = default) =>
            Install(prepared, new Esp32PortAccess(openPort ?? throw new ArgumentNullException(nameof(openPort)), SerialPortFinder.Find), progress, log, cancellationToken);

        /// <summary>
        /// Runs the prepared install on the port <paramref name="ports"/> opens; closes the port in every outcome. When the
        /// reset into the loader makes a native USB port re-enumerate, the board is found again by its USB serial number or
        /// location (<see cref="Esp32InstallRequest.PortIdentity"/>, <see cref="Esp32PortFinder"/>) and the install goes on
        /// there without another reset (docs/protocols/esp32-family.md §3.5).
        /// </summary>
        public static Esp32InstallResult Install(
            Esp32InstallPreparation prepared,
            Esp32PortAccess ports,
            IProgress<OperationProgress>? progress = null,
            OperationLog? log = null,
            CancellationToken cancellationToken = default)
        {
            if (prepared is null)
            {
                throw new ArgumentNullException(nameof(prepared));
            }

            if (ports is null)
            {
                throw new ArgumentNullException(nameof(ports));
            }

            Esp32InstallRequest request = prepared.Request;
            try
            {
                using ISerialPort port = ports.Open(request.Port, cancellationToken);
                return new Esp32InstallRun(prepared, port, progress, log) { ListPorts = ports.List }.Execute(cancellationToken);
            }
            catch (Esp32PortLostOnResetException lost)
            {
                if (request.PortIdentity is null)
                {
                    throw Esp32Errors.PortNotTraceable(request.Port);
                }

                log.Verbose($"{lost.Port} vanished during the reset (its USB device re-enumerated); looking for the board again by its USB serial number or location.");
                string again = new Esp32PortFinder(ports.List, request.ReenumerationTimeout ?? DefaultReenumerationTimeout).FindAgain(request.PortIdentity, cancellationToken);
                log.Verbose($"The board is back on {again}; connecting there without another reset.");
                using ISerialPort port = ports.Open(again, cancellationToken);
                return new Esp32InstallRun(prepared, port, progress, log) { ListPorts = ports.List, BeforeOverride = Esp32BeforeMode.NoReset }.Execute(cancellationToken);
            }
        }

        /// <summary>How long a re-enumerating port may take to come back when the request does not say.</summary>
        public static readonly TimeSpan DefaultReenumerationTimeout = TimeSpan.FromSeconds(5);

        /// <summary>The USB id of <paramref name="port"/> among the machine's ports (Get-SerialPort's list); null for network ports and unknown ones.</summary>
        public static (ushort VendorId, ushort ProductId)? UsbIdOf(string port, IEnumerable<SerialPortInfo> ports)
        {
            SerialPortInfo? found = ListingOf(port, ports);
            return found?.VendorId is HexUsbId vid && found.ProductId is HexUsbId pid ? (vid, pid) : ((ushort, ushort)?)null;
        }

        /// <summary>
        /// <paramref name="port"/>'s entry in the machine's ports (USB ids, serial number, location); null for network ports
        /// (socket://, rfc2217://) and unknown ones. A usb:// port is listed, with the ids of the device behind it now.
        /// </summary>
        public static SerialPortInfo? ListingOf(string port, IEnumerable<SerialPortInfo> ports)
        {
            if (port is null || ports is null || (port.Contains("://") && !UsbBridgeSerialPorts.IsBridgePortName(port)))
            {
                return null;
            }

            return ports.FirstOrDefault(p => string.Equals(p.Port, port, StringComparison.OrdinalIgnoreCase) ||
                                             string.Equals(p.Port.Replace("/dev/tty.", "/dev/cu."), port.Replace("/dev/tty.", "/dev/cu."), StringComparison.OrdinalIgnoreCase));
        }

        /// <summary>What to tell the user whose DTR/RTS reset failed on a Pycom PIC carrier.</summary>
        public static string PycomPicHint(string port) =>
            $"{port} is a Pycom Expansion Board 3 / Pysense / Pytrack PIC, whose DTR/RTS do not reset the module: run again with -Before PycomPic.";
    }
}
