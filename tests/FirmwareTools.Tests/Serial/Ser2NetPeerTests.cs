using FirmwareTools.Protocols.Serial;
using Xunit;
using static FirmwareTools.Tests.Serial.SocketSerialPortTests;

namespace FirmwareTools.Tests.Serial;

/// <summary>
/// Our rfc2217:// client against a real RFC 2217 server, Debian's ser2net, serving a pseudo-terminal: bytes written
/// through the client arrive at the other end of the pty pair and back, 0xFF included, and settings are acknowledged.
/// </summary>
public sealed class Ser2NetPeerTests : IDisposable
{
    private readonly Ser2NetPeer peer = new();

    public void Dispose() => peer.Dispose();

    [Fact]
    public void Bytes_including_0xFF_cross_ser2net_to_the_pty_and_back()
    {
        using ISerialPort board = SerialPorts.Open(peer.BoardEnd);
        using ISerialPort client = SerialPorts.Open(peer.Url);
        Assert.True(client.SupportsModemLines);

        byte[] sent = Enumerable.Range(0, 256).Select(i => (byte)i).Concat(new byte[] { 0xFF, 0xFF, 0x0D, 0x00, 0x0D, 0x0A }).ToArray();
        client.Write(sent, 0, sent.Length, CancellationToken.None);
        Assert.Equal(sent, ReadExactly(board, sent.Length));

        byte[] back = sent.Reverse().ToArray();
        board.Write(back, 0, back.Length, CancellationToken.None);
        Assert.Equal(back, ReadExactly(client, back.Length));
    }

    [Fact]
    public void ser2net_acknowledges_baud_and_data_bit_changes_with_the_values_asked()
    {
        using ISerialPort board = SerialPorts.Open(peer.BoardEnd);
        using ISerialPort client = SerialPorts.Open(peer.Url, new SerialPortSettings { BaudRate = 115200 });
        client.BaudRate = 921600;
        client.DataBits = 7;
        client.DataBits = 8;
        Assert.Equal(921600, client.BaudRate);
        Assert.Equal(8, client.DataBits);
        client.Write("after"u8.ToArray(), 0, 5, CancellationToken.None);
        Assert.Equal("after"u8.ToArray(), ReadExactly(board, 5));
    }

    [Fact]
    public void DTR_and_RTS_changes_leave_the_stream_intact()
    {
        // ser2net does not answer SET-CONTROL DTR/RTS on a pseudo-terminal (the ioctl fails there), so what the
        // lines did cannot be observed here; what can: the session survives and later bytes still cross.
        using ISerialPort board = SerialPorts.Open(peer.BoardEnd);
        using ISerialPort client = SerialPorts.Open(peer.Url);
        client.SetModemLines(dtr: true, rts: false);
        client.SetModemLines(dtr: false, rts: true);
        Assert.False(client.DtrEnable);
        Assert.True(client.RtsEnable);
        client.BaudRate = 230400;
        client.Write([0xFF, 0x42], 0, 2, CancellationToken.None);
        Assert.Equal(new byte[] { 0xFF, 0x42 }, ReadExactly(board, 2));
    }
}
