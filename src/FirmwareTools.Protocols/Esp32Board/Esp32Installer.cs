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
            Install(prepared, (name, token) => OpenPort(name, prepared?.Request.BaudRate ?? Esp32Protocol.EspRomBaud, prepared?.Request.Before ?? Esp32BeforeMode.DefaultReset, token), progress, log, cancellationToken);

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
                    ? new SerialPortSettings { BaudRate = baudRate }
                    : new SerialPortSettings { BaudRate = baudRate, Dtr = false, Rts = false },
                cancellationToken);

        /// <summary>Runs the prepared install on the port <paramref name="openPort"/> opens; closes the port in every outcome.</summary>
        public static Esp32InstallResult Install(
            Esp32InstallPreparation prepared,
            Func<string, CancellationToken, ISerialPort> openPort,
            IProgress<OperationProgress>? progress = null,
            OperationLog? log = null,
            CancellationToken cancellationToken = default)
        {
            if (prepared is null)
            {
                throw new ArgumentNullException(nameof(prepared));
            }

            if (openPort is null)
            {
                throw new ArgumentNullException(nameof(openPort));
            }

            using ISerialPort port = openPort(prepared.Request.Port, cancellationToken);
            return new Esp32InstallRun(prepared, port, progress, log).Execute(cancellationToken);
        }

        /// <summary>The USB id of <paramref name="port"/> among the machine's ports (Get-SerialPort's list); null for network ports and unknown ones.</summary>
        public static (ushort VendorId, ushort ProductId)? UsbIdOf(string port, IEnumerable<SerialPortInfo> ports)
        {
            if (port is null || ports is null || port.Contains("://"))
            {
                return null;
            }

            SerialPortInfo? found = ports.FirstOrDefault(p => string.Equals(p.Port, port, StringComparison.OrdinalIgnoreCase) ||
                                                              string.Equals(p.Port.Replace("/dev/tty.", "/dev/cu."), port.Replace("/dev/tty.", "/dev/cu."), StringComparison.OrdinalIgnoreCase));
            return found?.VendorId is HexUsbId vid && found.ProductId is HexUsbId pid ? (vid, pid) : ((ushort, ushort)?)null;
        }

        /// <summary>What to tell the user whose DTR/RTS reset failed on a Pycom PIC carrier.</summary>
        public static string PycomPicHint(string port) =>
            $"{port} is a Pycom Expansion Board 3 / Pysense / Pytrack PIC, whose DTR/RTS do not reset the module: run again with -Before PycomPic.";
    }
}
