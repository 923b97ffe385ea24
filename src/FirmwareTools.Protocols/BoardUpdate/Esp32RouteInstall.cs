using System;
using System.Threading;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>
    /// The flash step the ESP32 routes share: Install-Esp32Firmware's install (compressed, MD5-verified, the ROM's MAC checked
    /// against the REPL's <c>unique_id()</c> before anything is erased, docs/protocols/board-update.md §3.3), reporting the
    /// board's stage as it goes.
    /// </summary>
    internal static class Esp32RouteInstall
    {
        /// <summary>Runs <paramref name="request"/> on the world's ports; the context's stage follows it.</summary>
        public static Esp32InstallResult Run(BoardUpdateWorld world, BoardUpdateContext context, Esp32InstallRequest request, CancellationToken cancellationToken)
        {
            Esp32InstallPreparation prepared = Esp32Installer.Prepare(request);
            Esp32BeforeMode before = Esp32Installer.BeforeFor(request);
            var ports = new Esp32PortAccess(
                (name, token) =>
                {
                    // The ROM loader's port, opened as Install-Esp32Firmware opens it; the connection's reset drives the lines.
                    ISerialPort port = world.OpenPort(
                        name,
                        before == Esp32BeforeMode.NoReset
                            ? new SerialPortSettings { BaudRate = Esp32Protocol.EspRomBaud, LinesUntouched = true }
                            : new SerialPortSettings { BaudRate = Esp32Protocol.EspRomBaud, Dtr = false, Rts = false },
                        token);
                    context.Stage = BoardUpdateStage.InBootloader;
                    context.BootloaderDevice ??= $"the ROM loader on {name}"; // a route that found the ROM's port has described it
                    return port;
                },
                world.ListPorts);
            Esp32InstallResult result = Esp32Installer.Install(
                prepared,
                ports,
                new SynchronousProgress<OperationProgress>(p =>
                {
                    // Erasing or writing has begun: from here the firmware may be incomplete.
                    if (p.Phase == "Erase" || p.Phase == "Write")
                    {
                        context.Stage = BoardUpdateStage.Flashing;
                    }

                    context.Progress?.Report(p);
                }),
                context.Log,
                cancellationToken);
            context.Stage = BoardUpdateStage.Restarting;
            return result;
        }
    }
}
