using FirmwareTools.Tests.Common;
using System.Net;
using System.Net.Sockets;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.Serial;
using Xunit;

namespace FirmwareTools.Tests.Serial;

/// <summary>socket:// against a loopback TcpListener and against the simulators' SerialTcpServer in raw mode.</summary>
public sealed class SocketSerialPortTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);

    public SocketSerialPortTests() => listener.Start();

    private int ListenerPort => ((IPEndPoint)listener.LocalEndpoint).Port;

    public void Dispose() => listener.Stop();

    [Fact]
    public void Bytes_travel_both_ways_unchanged_including_0xFF()
    {
        using ISerialPort port = SerialPorts.Open($"socket://127.0.0.1:{ListenerPort}");
        using TcpClient peer = listener.AcceptTcpClient();
        NetworkStream peerStream = peer.GetStream();

        byte[] sent = Enumerable.Range(0, 256).Select(i => (byte)(255 - i)).ToArray();
        port.Write(sent, 0, sent.Length, CancellationToken.None);
        Assert.Equal(sent, ReadExactly(peerStream, sent.Length));

        byte[] reply = [0xFF, 0xFF, 0x00, 0xFD, 0xFA, 0x2C, 0x0D, 0x0A];
        peerStream.Write(reply);
        Assert.Equal(reply, ReadExactly(port, reply.Length));
        Assert.Equal($"socket://127.0.0.1:{ListenerPort}", port.PortName);
        Assert.False(port.SupportsModemLines);
    }

    [Fact]
    public void A_read_with_nothing_to_read_returns_zero_after_the_timeout()
    {
        using ISerialPort port = SerialPorts.Open($"socket://127.0.0.1:{ListenerPort}");
        using TcpClient peer = listener.AcceptTcpClient();
        var buffer = new byte[16];
        Assert.Equal(0, port.Read(buffer, 0, buffer.Length, TimeSpan.FromMilliseconds(50), CancellationToken.None));
        Assert.Equal(0, port.Read(buffer, 0, buffer.Length, TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public void A_waiting_read_ends_with_OperationCanceledException_when_the_token_is_cancelled()
    {
        using ISerialPort port = SerialPorts.Open($"socket://127.0.0.1:{ListenerPort}");
        using TcpClient peer = listener.AcceptTcpClient();
        using var cancel = new CancellationTokenSource();
        var buffer = new byte[16];
        Task<int> read = Task.Run(() => port.Read(buffer, 0, buffer.Length, Timeout.InfiniteTimeSpan, cancel.Token));
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => read.GetAwaiter().GetResult());
    }

    [Fact]
    public void Bytes_received_before_the_peer_closed_are_read_then_the_loss_is_reported()
    {
        using ISerialPort port = SerialPorts.Open($"socket://127.0.0.1:{ListenerPort}");
        using (TcpClient peer = listener.AcceptTcpClient())
        {
            peer.GetStream().Write("bye"u8);
        }

        Assert.Equal("bye"u8.ToArray(), ReadExactly(port, 3));
        var buffer = new byte[4];
        var lost = Assert.Throws<SerialPortLostException>(() => port.Read(buffer, 0, buffer.Length, Patience, CancellationToken.None));
        Assert.Equal("SerialPortLost", lost.ErrorId);
        Assert.Equal($"socket://127.0.0.1:{ListenerPort}", lost.Target);
        Assert.Contains("closed the connection", lost.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Modem_lines_and_line_settings_are_remembered_but_the_port_says_it_has_no_modem_lines()
    {
        using ISerialPort port = SerialPorts.Open($"socket://127.0.0.1:{ListenerPort}", new SerialPortSettings { BaudRate = 921600, DataBits = 7 });
        using TcpClient peer = listener.AcceptTcpClient();
        Assert.Equal(921600, port.BaudRate);
        Assert.Equal(7, port.DataBits);
        port.SetModemLines(true, false);
        Assert.True(port.DtrEnable);
        Assert.False(port.RtsEnable);
        Assert.False(port.SupportsModemLines);
    }

    [Fact]
    public void Nothing_listening_is_a_connection_refused_error_naming_the_port()
    {
        // A bound port that never listens: refused for sure, and no other test can start a server on it meanwhile
        // (a stopped listener's port could be taken by anyone before the connect).
        using var refusing = new FirmwareTools.Simulators.Http.RefusingPort();
        string name = $"socket://127.0.0.1:{refusing.Port}";
        var e = Catalogued.Throws("SerialPortConnectionRefused", () => SerialPorts.Open(name));
        Assert.Equal("SerialPortConnectionRefused", e.ErrorId);
        Assert.Equal(name, e.Target);
        Assert.Equal(FirmwareTools.Protocols.FirmwareErrorKind.ConnectionError, e.Kind);
        Assert.Contains("refused", e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.RecommendedAction);
    }

    [Theory]
    [InlineData("socket://127.0.0.1")]
    [InlineData("socket://127.0.0.1:70000")]
    [InlineData("socket://:4000")]
    [InlineData("socket://127.0.0.1:4000/extra")]
    [InlineData("telnet://127.0.0.1:4000")]
    [InlineData("   ")]
    public void Malformed_names_are_InvalidSerialPortName_errors(string name)
    {
        var e = Catalogued.Throws("InvalidSerialPortName", () => SerialPorts.Open(name));
        Assert.Equal("InvalidSerialPortName", e.ErrorId);
        Assert.Equal(FirmwareTools.Protocols.FirmwareErrorKind.InvalidArgument, e.Kind);
    }

    [Fact]
    public void An_unknown_host_is_SerialPortNotFound()
    {
        var e = Catalogued.Throws("SerialPortNotFound", () => SerialPorts.Open("socket://no-such-host.invalid:4000"));
        Assert.Equal("SerialPortNotFound", e.ErrorId);
        Assert.Contains("no-such-host.invalid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Through_the_raw_SerialTcpServer_bytes_reach_the_virtual_boards_end_and_back()
    {
        var link = new VirtualSerialLink();
        using var server = new SerialTcpServer(link, SerialTcpServerMode.Raw).Start();
        using ISerialPort port = SerialPorts.Open(server.Url);

        byte[] sent = [0x00, 0xFF, 0xC0, 0xDB, 0xFF, 0xFF, 0x10];
        port.Write(sent, 0, sent.Length, CancellationToken.None);
        Assert.Equal(sent, DeviceReadExactly(link, sent.Length));

        byte[] answer = [0xFF, 0x01, 0xFF];
        link.Device.Write(answer);
        Assert.Equal(answer, ReadExactly(port, answer.Length));
    }

    [Fact]
    public void The_server_serves_the_next_client_after_the_first_disconnects()
    {
        var link = new VirtualSerialLink();
        using var server = new SerialTcpServer(link, SerialTcpServerMode.Raw).Start();
        using (ISerialPort first = SerialPorts.Open(server.Url))
        {
            first.Write([1, 2, 3], 0, 3, CancellationToken.None);
            Assert.Equal(new byte[] { 1, 2, 3 }, DeviceReadExactly(link, 3));
        }

        using ISerialPort second = SerialPorts.Open(server.Url);
        second.Write([4, 5], 0, 2, CancellationToken.None);
        Assert.Equal(new byte[] { 4, 5 }, DeviceReadExactly(link, 2));
        link.Device.Write([9]);
        Assert.Equal(new byte[] { 9 }, ReadExactly(second, 1));
        Assert.Equal(2, server.ClientsAccepted);
    }

    [Fact]
    public void Cutting_the_virtual_cable_is_reported_to_the_network_client_as_SerialPortLost()
    {
        var link = new VirtualSerialLink();
        using var server = new SerialTcpServer(link, SerialTcpServerMode.Raw).Start();
        using ISerialPort port = SerialPorts.Open(server.Url);
        port.Write([1], 0, 1, CancellationToken.None);
        Assert.Equal(new byte[] { 1 }, DeviceReadExactly(link, 1));
        link.Disconnect();
        var buffer = new byte[1];
        Assert.Throws<SerialPortLostException>(() => port.Read(buffer, 0, 1, Patience, CancellationToken.None));
    }

    internal static byte[] ReadExactly(ISerialPort port, int count)
    {
        var buffer = new byte[count];
        int done = 0;
        while (done < count)
        {
            int n = port.Read(buffer, done, count - done, Patience, CancellationToken.None);
            Assert.True(n > 0, $"only {done} of {count} bytes arrived");
            done += n;
        }

        return buffer;
    }

    internal static byte[] DeviceReadExactly(VirtualSerialLink link, int count)
    {
        var buffer = new byte[count];
        int done = 0;
        while (done < count)
        {
            int n = link.Device.Read(buffer, done, count - done, Patience, CancellationToken.None);
            Assert.True(n > 0, $"only {done} of {count} bytes reached the device");
            done += n;
        }

        return buffer;
    }

    private static byte[] ReadExactly(Stream stream, int count)
    {
        var buffer = new byte[count];
        stream.ReadTimeout = (int)Patience.TotalMilliseconds;
        stream.ReadExactly(buffer);
        return buffer;
    }
}
