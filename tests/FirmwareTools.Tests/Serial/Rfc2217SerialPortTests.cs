using FirmwareTools.Tests.Common;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.Serial;
using Xunit;
using static FirmwareTools.Tests.Serial.SocketSerialPortTests;

namespace FirmwareTools.Tests.Serial;

/// <summary>rfc2217:// against the simulators' RFC 2217 server, whose settings land on a virtual board's end of the cable.</summary>
public sealed class Rfc2217SerialPortTests : IDisposable
{
    private readonly VirtualSerialLink link = new();
    private readonly SerialTcpServer server;
    private readonly ConcurrentQueue<string> deviceSaw = new();

    public Rfc2217SerialPortTests()
    {
        server = new SerialTcpServer(link, SerialTcpServerMode.Rfc2217).Start();
        link.Device.LineSettingsChanged += (baud, bits) => deviceSaw.Enqueue($"line {baud} {bits}");
        link.Device.ModemLinesChanged += (dtr, rts) => deviceSaw.Enqueue($"dtr {(dtr ? 1 : 0)} rts {(rts ? 1 : 0)}");
    }

    public void Dispose() => server.Dispose();

    [Fact]
    public void Opening_sets_the_line_on_the_board_and_later_changes_arrive_in_order()
    {
        using ISerialPort port = SerialPorts.Open(server.Url, new SerialPortSettings { BaudRate = 115200, DataBits = 8, Parity = SerialParity.Even, StopBits = SerialStopBits.Two });
        Assert.Equal(115200, link.Device.HostBaudRate);
        Assert.Equal(3, server.Parity);
        Assert.Equal(2, server.StopSize);

        port.SetModemLines(dtr: false, rts: true);   // EN low: chip in reset
        port.SetModemLines(dtr: true, rts: false);   // GPIO0 low, EN released: boot into the ROM loader
        port.DtrEnable = false;
        port.BaudRate = 921600;
        port.DataBits = 5;
        port.RtsEnable = true;
        // SET-CONTROL is not acknowledged to the caller; a purge is, and the server handles commands in order.
        port.DiscardInput();

        Assert.Equal(
            new[]
            {
                "line 115200 8",
                "line 115200 8",
                "dtr 0 rts 1",
                "dtr 1 rts 1",
                "dtr 1 rts 0",
                "dtr 0 rts 0",
                "line 921600 8",
                "line 921600 5",
                "dtr 0 rts 1",
            },
            deviceSaw.ToArray());
        Assert.Equal(921600, port.BaudRate);
        Assert.Equal(5, port.DataBits);
        Assert.False(port.DtrEnable);
        Assert.True(port.RtsEnable);
        Assert.True(port.SupportsModemLines);
    }

    [Fact]
    public void Bytes_0xFF_survive_in_both_directions()
    {
        using ISerialPort port = SerialPorts.Open(server.Url);
        byte[] everyByte = Enumerable.Range(0, 256).Select(i => (byte)i).Concat(new byte[] { 0xFF, 0xFF, 0xFF, 0xF0, 0xFA }).ToArray();
        port.Write(everyByte, 0, everyByte.Length, CancellationToken.None);
        Assert.Equal(everyByte, DeviceReadExactly(link, everyByte.Length));

        link.Device.Write(everyByte.Reverse().ToArray());
        Assert.Equal(everyByte.Reverse().ToArray(), ReadExactly(port, everyByte.Length));
    }

    [Fact]
    public void The_servers_modem_state_notification_is_kept()
    {
        server.NotifiedModemState = 0x30;
        using ISerialPort port = SerialPorts.Open(server.Url);
        Assert.Equal((byte)0x30, ((Rfc2217SerialPort)port).ModemState);
    }

    [Fact]
    public void DiscardInput_purges_what_the_board_sent_before_it()
    {
        using ISerialPort port = SerialPorts.Open(server.Url);
        link.Device.Write("boot log"u8);
        port.DiscardInput();
        link.Device.Write("fresh"u8);
        Assert.Equal("fresh"u8.ToArray(), ReadExactly(port, 5));
        Assert.Contains(server.Commands, c => c.Command == 12 && c.Value.SequenceEqual(new byte[] { 1 }));
    }

    [Fact]
    public void The_server_dropping_the_client_is_SerialPortLost()
    {
        using ISerialPort port = SerialPorts.Open(server.Url);
        server.DropClient();
        var buffer = new byte[1];
        var e = Assert.Throws<SerialPortLostException>(() => port.Read(buffer, 0, 1, TimeSpan.FromSeconds(10), CancellationToken.None));
        Assert.Equal(server.Url, e.Target);
    }

    [Fact]
    public void A_raw_TCP_port_opened_as_rfc2217_is_a_protocol_error_that_suggests_socket()
    {
        using var raw = new TcpListener(IPAddress.Loopback, 0);
        raw.Start();
        string name = $"rfc2217://127.0.0.1:{((IPEndPoint)raw.LocalEndpoint).Port}";
        var e = Catalogued.Throws("SerialPortProtocolError", () => SerialPorts.Open(name, new SerialPortSettings { ReplyTimeout = TimeSpan.FromMilliseconds(300) }));
        Assert.Equal("SerialPortProtocolError", e.ErrorId);
        Assert.Contains("socket://", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_refuses_the_COM_PORT_OPTION_is_a_protocol_error()
    {
        using var refusing = new TcpListener(IPAddress.Loopback, 0);
        refusing.Start();
        Task serve = Task.Run(() =>
        {
            using TcpClient client = refusing.AcceptTcpClient();
            client.GetStream().Write([255, 254, 44]); // IAC DONT COM-PORT-OPTION
            var sink = new byte[256];
            while (client.GetStream().Read(sink) > 0)
            {
            }
        });
        string name = $"rfc2217://127.0.0.1:{((IPEndPoint)refusing.LocalEndpoint).Port}";
        var e = Catalogued.Throws("SerialPortProtocolError", () => SerialPorts.Open(name));
        Assert.Contains("refused the COM-PORT-OPTION", e.Message, StringComparison.Ordinal);
        await serve.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_server_that_sets_another_baud_rate_than_asked_is_refused_with_what_it_set()
    {
        using var stubborn = new TcpListener(IPAddress.Loopback, 0);
        stubborn.Start();
        Task serve = Task.Run(() =>
        {
            using TcpClient client = stubborn.AcceptTcpClient();
            NetworkStream s = client.GetStream();
            s.Write([255, 253, 44]); // IAC DO COM-PORT-OPTION
            // Answer SET-BAUDRATE with 9600 whatever was asked, everything else as asked.
            var all = new List<byte>();
            var chunk = new byte[256];
            int n;
            bool answered = false;
            while (!answered && (n = s.Read(chunk)) > 0)
            {
                all.AddRange(chunk[..n]);
                // Answer once the client has sent all four settings (SET-STOPSIZE, 4, is the last): a reply to a
                // command not yet sent is unsolicited, and the client rightly does not count it.
                int at = IndexOf(all, [255, 250, 44, 4]);
                if (at >= 0 && all.Count >= at + 7)
                {
                    s.Write([255, 250, 44, 101, 0, 0, 0x25, 0x80, 255, 240, 255, 250, 44, 102, 8, 255, 240, 255, 250, 44, 103, 1, 255, 240, 255, 250, 44, 104, 1, 255, 240]);
                    answered = true;
                }
            }

            while (s.Read(chunk) > 0)
            {
            }
        });
        string name = $"rfc2217://127.0.0.1:{((IPEndPoint)stubborn.LocalEndpoint).Port}";
        var e = Catalogued.Throws("SerialPortSettingNotSupported", () => SerialPorts.Open(name, new SerialPortSettings { BaudRate = 2000000 }));
        Assert.Equal("SerialPortSettingNotSupported", e.ErrorId);
        Assert.Contains("9600", e.Message, StringComparison.Ordinal);
        await serve.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static int IndexOf(List<byte> haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Count; i++)
        {
            if (haystack.Skip(i).Take(needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        return -1;
    }
}
