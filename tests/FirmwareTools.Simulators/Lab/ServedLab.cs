using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.Serial;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Simulators.Lab;

/// <summary>
/// A <see cref="VirtualLab"/> and its firmware site served on 127.0.0.1 for the module as a user runs it. Each board with
/// a USB side is on a loopback USB bridge showing whatever it is now: its application's CDC ACM port while MicroPython
/// runs (so the module lists it and opens it as <c>usb://</c>), its bootloader otherwise. The pyboards and Picos
/// are also served on a TCP port (<c>socket://</c>) that accepts clients only while the application runs; the ESP32 DevKit
/// is on <c>rfc2217://</c> and behind its USB-UART bridge chip, a WCH CH9102 (1A86:55D4, a CDC ACM device), both of which
/// carry DTR/RTS to its reset circuit; the ESP32-S2/S3 on native USB and the C3 on its USB-Serial/JTAG are reached only through their
/// bridge, where DTR and RTS travel as SET_CONTROL_LINE_STATE as they do to the real chip (docs/protocols/board-update.md §3.4, §3.5).
/// </summary>
public sealed class ServedLab : IDisposable
{
    /// <summary>The variable Update-Firmware reads for a mirror of micropython.org's download pages.</summary>
    public const string SiteVariable = "FIRMWARETOOLS_MICROPYTHON_SITE";

    /// <summary>The variable the module reads for loopback USB bridges (RemoteUsbBackend.EnvironmentVariable).</summary>
    public const string UsbBridgeVariable = "FIRMWARETOOLS_USB_BRIDGE";

    private readonly List<SerialTcpServer> serialServers = [];
    private readonly List<UsbBridgeServer> bridges = [];
    private readonly List<(LabBoard Board, string Port)> ports = [];
    private readonly List<(LabBoard Board, string Port)> bridgePorts = [];

    /// <param name="lab">The boards.</param>
    /// <param name="site">The firmware site.</param>
    /// <param name="serialOnBridges">
    /// False leaves the pyboards', Picos' and DevKits' serial ports off their bridges (serve-lab <c>--ptys</c> gives them
    /// pseudo-terminals instead, and one board must not be listed twice).
    /// </param>
    public ServedLab(VirtualLab lab, LabFirmwareSite site, bool serialOnBridges = true)
    {
        Lab = lab;
        Site = site;
        foreach (LabBoard board in lab.Boards)
        {
            if (board is LabEsp32NativeUsb or LabEsp32C3)
            {
                UsbBridgeServer only = UsbBridgeServer.Start(() => LabCdcDevices.ForEsp32(board, bridges.Count));
                bridges.Add(only);
                bridgePorts.Add((board, $"usb://127.0.0.1:{only.Port}"));
                ports.Add(bridgePorts[^1]);
                continue;
            }

            var mode = board.Kind == LabBoardKind.Esp32 ? SerialTcpServerMode.Rfc2217 : SerialTcpServerMode.Raw;
            var server = new SerialTcpServer(() => LinkOf(board), mode).Start();
            serialServers.Add(server);
            ports.Add((board, server.Url));
            int index = bridges.Count;
            if (board.CurrentUsbDevice is not null)
            {
                bridges.Add(UsbBridgeServer.Start(() => board.InApplication && serialOnBridges ? LabCdcDevices.ForApplication(board, index) : board.CurrentUsbDevice!));
            }
            else if (board is LabEsp32 && serialOnBridges)
            {
                bridges.Add(UsbBridgeServer.Start(() => LabCdcDevices.ForBridgeChip(board, index)));
            }
            else
            {
                continue;
            }

            if (serialOnBridges)
            {
                bridgePorts.Add((board, $"usb://127.0.0.1:{bridges[^1].Port}"));
            }
        }
    }

    /// <summary>Each board's USB bridge port (<c>usb://127.0.0.1:N</c>), for the boards that have one, in the lab's order.</summary>
    public IReadOnlyList<(LabBoard Board, string Port)> BridgePorts => bridgePorts;

    public VirtualLab Lab { get; }

    public LabFirmwareSite Site { get; }

    /// <summary>Each board with the port name <c>-Port</c> takes for it, in the lab's order.</summary>
    public IReadOnlyList<(LabBoard Board, string Port)> Ports => ports;

    /// <summary>The environment the module needs to reach the lab: the USB bridges and the firmware site.</summary>
    public IReadOnlyList<(string Name, string Value)> Environment =>
    [
        (UsbBridgeVariable, string.Join(",", bridges.Select(b => $"127.0.0.1:{b.Port}"))),
        (SiteVariable, Site.Root.AbsoluteUri),
    ];

    public void Dispose()
    {
        foreach (SerialTcpServer server in serialServers)
        {
            server.Dispose();
        }

        foreach (UsbBridgeServer bridge in bridges)
        {
            bridge.Dispose();
        }
    }

    private static VirtualSerialLink? LinkOf(LabBoard board)
    {
        try
        {
            return board.OpenLink(null);
        }
        catch (FirmwareError e) when (e.Definition == SerialErrors.NotFoundId)
        {
            return null; // in its bootloader or gone: the connection is closed at once
        }
    }
}
