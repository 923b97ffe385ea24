using System.Net;
using System.Net.Sockets;

namespace FirmwareTools.Simulators.Http;

/// <summary>
/// A loopback port where connections are refused, for "nothing listens there" tests: a socket bound to port 0
/// but never listening holds the port, so the kernel answers every connection with a reset and no other test
/// can start a server on it meanwhile (a probed-then-closed port could be taken by anyone).
/// </summary>
public sealed class RefusingPort : IDisposable
{
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusingPort() => socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

    public int Port => ((IPEndPoint)socket.LocalEndPoint!).Port;

    public void Dispose() => socket.Dispose();
}
