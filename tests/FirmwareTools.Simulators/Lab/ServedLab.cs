using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.Serial;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Simulators.Lab;

/// <summary>
/// A <see cref="VirtualLab"/> and its firmware site served on 127.0.0.1 for the module as a user runs it: each board's
/// serial port on a TCP port (<c>socket://</c>; <c>rfc2217://</c> for the ESP32, whose DTR/RTS must reach its reset
/// circuit), accepting clients only while the board's application runs; each board with a USB side on a loopback USB
/// bridge showing whatever it is now (its application, or its bootloader).
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

    public ServedLab(VirtualLab lab, LabFirmwareSite site)
    {
        Lab = lab;
        Site = site;
        foreach (LabBoard board in lab.Boards)
        {
            var mode = board.Kind == LabBoardKind.Esp32 ? SerialTcpServerMode.Rfc2217 : SerialTcpServerMode.Raw;
            var server = new SerialTcpServer(() => LinkOf(board), mode).Start();
            serialServers.Add(server);
            ports.Add((board, server.Url));
            if (board.CurrentUsbDevice is not null)
            {
                bridges.Add(UsbBridgeServer.Start(() => board.CurrentUsbDevice!));
            }
        }
    }

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
