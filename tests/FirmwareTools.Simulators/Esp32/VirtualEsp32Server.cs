using FirmwareTools.Simulators.Serial;

namespace FirmwareTools.Simulators.Esp32;

/// <summary>
/// A <see cref="VirtualEsp32Board"/> served on a loopback TCP port through <see cref="SerialTcpServer"/>: raw
/// (socket://, no modem lines, so the board waits in the loader) or RFC 2217 (rfc2217://, DTR/RTS reach the DevKit
/// reset circuit). The board persists for the server's life; each new client finds it freshly reset (power-cycled
/// with its flash kept), as a user would press reset between two tools.
/// </summary>
public sealed class VirtualEsp32Server : IDisposable
{
    private readonly VirtualSerialLink link;
    private readonly VirtualEsp32Connection connection;
    private readonly SerialTcpServer server;

    /// <param name="board">The board to serve; it stays attached until the server is disposed.</param>
    /// <param name="mode">Raw bytes (socket://) or RFC 2217 (rfc2217://).</param>
    /// <param name="port">Loopback port; 0 (tests) lets the OS pick.</param>
    /// <param name="lineBaudRate">
    /// The UART speed between the server and the board, as ser2net's configured speed: fixed for raw clients (a
    /// socket carries no baud rate), the starting speed for RFC 2217 clients (which set their own).
    /// </param>
    public VirtualEsp32Server(VirtualEsp32Board board, SerialTcpServerMode mode, int port = 0, int lineBaudRate = 115200)
    {
        ArgumentNullException.ThrowIfNull(board);
        Board = board;
        link = new VirtualSerialLink("serve-esp32", lineBaudRate);
        connection = board.Attach(link);
        server = new SerialTcpServer(link, mode, port);
        server.ClientAccepted += () =>
        {
            // Whatever the previous client left on the line is stale for the next one.
            link.Host.DiscardInput();
            board.PowerCycle();
        };
        server.Start();

        // A native USB port that re-enumerates vanishes under its client, as an unplugged cable would.
        board.UsbReenumerating += server.DropClient;
    }

    /// <summary>Settings for a served board: in the loader from the start, since a socket:// client cannot reset it.</summary>
    public static VirtualEsp32Settings ServedSettings(double timeScale) => new()
    {
        TimeScale = timeScale,
        StartInDownloadMode = true,
    };

    public VirtualEsp32Board Board { get; }

    public int Port => server.Port;

    /// <summary>socket://127.0.0.1:PORT or rfc2217://127.0.0.1:PORT.</summary>
    public string Url => server.Url;

    public int ClientsAccepted => server.ClientsAccepted;

    public void Dispose()
    {
        Board.UsbReenumerating -= server.DropClient;
        server.Dispose();
        connection.Dispose();
    }
}
