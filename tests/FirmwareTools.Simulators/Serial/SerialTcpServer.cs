using System.Net;
using System.Net.Sockets;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Simulators.Serial;

/// <summary>
/// Serves the host end of a <see cref="VirtualSerialLink"/> on a loopback TCP port, as ser2net serves a UART:
/// raw bytes, or RFC 2217 where the client's SET-BAUDRATE, SET-DATASIZE and SET-CONTROL (DTR/RTS) are applied to
/// the link in the order they arrive, so the virtual board's <see cref="VirtualSerialLink.DeviceEnd"/> sees them.
/// One client at a time; the next waits in the listen backlog until the current one disconnects. Bytes the board
/// writes while no client is connected wait in the link. Binds port 0 itself (<see cref="Port"/>).
/// </summary>
public sealed class SerialTcpServer : IDisposable
{
    // RFC 854 / RFC 2217 codes, written out here rather than shared with the client so a wrong constant on
    // one side cannot hide behind the same wrong constant on the other.
    private const byte SE = 240;
    private const byte SB = 250;
    private const byte WILL = 251;
    private const byte WONT = 252;
    private const byte DO = 253;
    private const byte DONT = 254;
    private const byte IAC = 255;
    private const byte BINARY = 0;
    private const byte SGA = 3;
    private const byte ComPortOption = 44;
    private const byte ServerOffset = 100;

    private readonly Func<VirtualSerialLink?>? linkPerClient;
    private VirtualSerialLink link;
    private ISerialPort host;
    private readonly TcpListener listener;
    private readonly Thread acceptor;
    private readonly CancellationTokenSource stopping = new();
    private readonly object sessionGate = new();
    private readonly object pumpGate = new();
    private TcpClient? current;
    private bool started;

    public SerialTcpServer(VirtualSerialLink link, SerialTcpServerMode mode)
        : this(link, mode, 0)
    {
    }

    /// <summary>Serves on a chosen loopback port (serve-esp32 --port N); 0 lets the OS pick, as tests must.</summary>
    public SerialTcpServer(VirtualSerialLink link, SerialTcpServerMode mode, int port)
    {
        this.link = link;
        host = link.Host;
        Mode = mode;
        listener = new TcpListener(IPAddress.Loopback, port);
        acceptor = new Thread(AcceptLoop) { IsBackground = true, Name = "SerialTcpServer accept" };
    }

    /// <summary>
    /// Serves a new line per client from <paramref name="linkPerClient"/> (a virtual lab board's port, opened as each client
    /// connects); a client that connects while it returns null (the port is not there: the board is in its bootloader) is
    /// disconnected at once.
    /// </summary>
    public SerialTcpServer(Func<VirtualSerialLink?> linkPerClient, SerialTcpServerMode mode, int port = 0)
        : this(new VirtualSerialLink("unused"), mode, port)
    {
        this.linkPerClient = linkPerClient;
    }

    public SerialTcpServerMode Mode { get; }

    /// <summary>The bound TCP port (valid after <see cref="Start"/>).</summary>
    public int Port { get; private set; }

    /// <summary>socket://127.0.0.1:port or rfc2217://127.0.0.1:port, as a client opens it.</summary>
    public string Url => $"{(Mode == SerialTcpServerMode.Raw ? "socket" : "rfc2217")}://127.0.0.1:{Port}";

    /// <summary>The last SET-PARITY value a client set (RFC 2217 numbering, 1 = none); the link itself has no parity.</summary>
    public int Parity { get; private set; } = 1;

    /// <summary>The last SET-STOPSIZE value (1 = one, 2 = two, 3 = one and a half).</summary>
    public int StopSize { get; private set; } = 1;

    /// <summary>
    /// Raised on the accept thread when a client has connected, before any of its bytes reach the link (serve-esp32
    /// resets the virtual board here so every client finds it freshly in the loader).
    /// </summary>
    public event Action? ClientAccepted;

    /// <summary>Connections served so far (including the current one).</summary>
    public int ClientsAccepted { get; private set; }

    /// <summary>Every COM-PORT-OPTION command received, as (command, value bytes), in order.</summary>
    public IReadOnlyList<(byte Command, byte[] Value)> Commands
    {
        get
        {
            lock (commands)
            {
                return commands.ToList();
            }
        }
    }

    private readonly List<(byte, byte[])> commands = new();

    /// <summary>Modem state sent to each client after negotiation (CTS | DSR | CD), as NOTIFY-MODEMSTATE.</summary>
    public byte NotifiedModemState { get; set; } = 0xB0;

    public SerialTcpServer Start()
    {
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        started = true;
        acceptor.Start();
        return this;
    }

    /// <summary>Drops the current client (as a ser2net restart or a network break would); the next one is served.</summary>
    public void DropClient()
    {
        lock (sessionGate)
        {
            current?.Dispose();
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        listener.Stop();
        DropClient();
        if (started)
        {
            acceptor.Join();
        }

        stopping.Dispose();
    }

    private void AcceptLoop()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = listener.AcceptTcpClient();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            lock (sessionGate)
            {
                if (stopping.IsCancellationRequested)
                {
                    client.Dispose();
                    return;
                }

                current = client;
                ClientsAccepted++;
            }

            if (linkPerClient != null)
            {
                VirtualSerialLink? fresh = linkPerClient();
                if (fresh is null)
                {
                    lock (sessionGate)
                    {
                        current = null;
                    }

                    client.Dispose();
                    continue;
                }

                link = fresh;
                host = fresh.Host;
            }

            ClientAccepted?.Invoke();

            try
            {
                Serve(client);
            }
            finally
            {
                lock (sessionGate)
                {
                    current = null;
                }

                client.Dispose();
            }
        }
    }

    private void Serve(TcpClient client)
    {
        client.NoDelay = true;
        NetworkStream stream = client.GetStream();
        var writeGate = new object();
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token);
        var toClient = new Thread(() => PumpToClient(stream, writeGate, session)) { IsBackground = true, Name = "SerialTcpServer to client" };
        toClient.Start();
        try
        {
            var telnet = new TelnetState();
            var chunk = new byte[16384];
            while (true)
            {
                int n;
                try
                {
                    n = stream.Read(chunk, 0, chunk.Length);
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    break;
                }

                if (n == 0)
                {
                    break;
                }

                try
                {
                    if (Mode == SerialTcpServerMode.Raw)
                    {
                        host.Write(chunk, 0, n, CancellationToken.None);
                    }
                    else
                    {
                        FromClient(chunk, n, telnet, stream, writeGate);
                    }
                }
                catch (SerialPortLostException)
                {
                    break;
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
                {
                    break;
                }
            }
        }
        finally
        {
            session.Cancel();
            // Closing the socket (not just the stream) wakes the pump if it is blocked writing to a stalled client.
            stream.Socket.Close();
            toClient.Join();
        }
    }

    private void PumpToClient(NetworkStream stream, object writeGate, CancellationTokenSource session)
    {
        var chunk = new byte[16384];
        try
        {
            while (true)
            {
                // Wait outside the pump lock, then take and send under it: a PURGE-DATA (which takes the same lock)
                // then either sees the bytes still in the link and drops them, or follows them on the wire, so no
                // byte read before a purge can reach the client after its acknowledgement.
                link.WaitForDataToHost(session.Token);
                lock (pumpGate)
                {
                    int n = host.Read(chunk, 0, chunk.Length, TimeSpan.Zero, session.Token);
                    if (n == 0)
                    {
                        continue;
                    }

                    byte[] bytes = Mode == SerialTcpServerMode.Raw ? chunk[..n] : Escape(chunk, n);
                    lock (writeGate)
                    {
                        stream.Write(bytes);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is SerialPortLostException or IOException or ObjectDisposedException)
        {
            // The board's end went away (link disconnected) or the client did: end the session so the client sees it.
            session.Cancel();
            try
            {
                stream.Socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception closing) when (closing is SocketException or ObjectDisposedException)
            {
            }
        }
    }

    private static byte[] Escape(byte[] data, int count)
    {
        var escaped = new List<byte>(count + 8);
        for (int i = 0; i < count; i++)
        {
            escaped.Add(data[i]);
            if (data[i] == IAC)
            {
                escaped.Add(IAC);
            }
        }

        return escaped.ToArray();
    }

    private void FromClient(byte[] chunk, int count, TelnetState t, NetworkStream stream, object writeGate)
    {
        var data = new List<byte>(count);
        void Flush()
        {
            if (data.Count > 0)
            {
                host.Write(data.ToArray(), 0, data.Count, CancellationToken.None);
                data.Clear();
            }
        }

        void Reply(params byte[] bytes)
        {
            lock (writeGate)
            {
                stream.Write(bytes);
            }
        }

        for (int i = 0; i < count; i++)
        {
            byte b = chunk[i];
            switch (t.State)
            {
                case 0: // data
                    if (b == IAC)
                    {
                        t.State = 1;
                    }
                    else
                    {
                        data.Add(b);
                    }

                    break;
                case 1: // after IAC
                    if (b == IAC)
                    {
                        data.Add(IAC);
                        t.State = 0;
                    }
                    else if (b == SB)
                    {
                        t.Sub.Clear();
                        t.State = 3;
                    }
                    else if (b is WILL or WONT or DO or DONT)
                    {
                        t.Verb = b;
                        t.State = 2;
                    }
                    else
                    {
                        t.State = 0;
                    }

                    break;
                case 2: // option after WILL/WONT/DO/DONT
                    t.State = 0;
                    Negotiate(t, t.Verb, b, Reply);
                    break;
                case 3: // inside SB
                    if (b == IAC)
                    {
                        t.State = 4;
                    }
                    else
                    {
                        t.Sub.Add(b);
                    }

                    break;
                case 4: // IAC inside SB
                    if (b == IAC)
                    {
                        t.Sub.Add(IAC);
                        t.State = 3;
                    }
                    else
                    {
                        t.State = 0;
                        // Data before the command reaches the board before the command takes effect, as on a UART.
                        Flush();
                        ComPortCommand(t.Sub.ToArray(), Reply);
                    }

                    break;
            }
        }

        Flush();
    }

    private void Negotiate(TelnetState t, byte verb, byte option, Action<byte[]> reply)
    {
        bool supported = option is BINARY or SGA or ComPortOption;
        switch (verb)
        {
            case WILL:
                if (!supported)
                {
                    reply([IAC, DONT, option]);
                }
                else if (t.TheyWill.Add(option))
                {
                    reply([IAC, DO, option]);
                    if (option == ComPortOption)
                    {
                        // Tell the client the line state at once, as a server polling the UART would (RFC 2217 NOTIFY-MODEMSTATE).
                        reply(Sub(7 + ServerOffset, [NotifiedModemState]));
                    }
                }

                break;
            case DO:
                if (!supported)
                {
                    reply([IAC, WONT, option]);
                }
                else if (t.WeWill.Add(option))
                {
                    reply([IAC, WILL, option]);
                }

                break;
            case WONT:
                if (t.TheyWill.Remove(option))
                {
                    reply([IAC, DONT, option]);
                }

                break;
            case DONT:
                if (t.WeWill.Remove(option))
                {
                    reply([IAC, WONT, option]);
                }

                break;
        }
    }

    private void ComPortCommand(byte[] block, Action<byte[]> reply)
    {
        if (block.Length < 2 || block[0] != ComPortOption)
        {
            return;
        }

        byte command = block[1];
        byte[] value = block[2..];
        lock (commands)
        {
            commands.Add((command, value));
        }

        switch (command)
        {
            case 0: // SIGNATURE
                reply(Sub(ServerOffset, "FirmwareTools SerialTcpServer"u8.ToArray()));
                break;
            case 1: // SET-BAUDRATE; 0 asks for the current rate
                int baud = value.Length >= 4 ? (value[0] << 24) | (value[1] << 16) | (value[2] << 8) | value[3] : 0;
                if (baud != 0)
                {
                    host.BaudRate = baud;
                }

                int now = host.BaudRate;
                reply(Sub(1 + ServerOffset, [(byte)(now >> 24), (byte)(now >> 16), (byte)(now >> 8), (byte)now]));
                break;
            case 2: // SET-DATASIZE
                if (value.Length > 0 && value[0] is >= 5 and <= 8)
                {
                    host.DataBits = value[0];
                }

                reply(Sub(2 + ServerOffset, [(byte)host.DataBits]));
                break;
            case 3: // SET-PARITY
                if (value.Length > 0 && value[0] is >= 1 and <= 5)
                {
                    Parity = value[0];
                }

                reply(Sub(3 + ServerOffset, [(byte)Parity]));
                break;
            case 4: // SET-STOPSIZE
                if (value.Length > 0 && value[0] is >= 1 and <= 3)
                {
                    StopSize = value[0];
                }

                reply(Sub(4 + ServerOffset, [(byte)StopSize]));
                break;
            case 5: // SET-CONTROL
                reply(Sub(5 + ServerOffset, [Control(value.Length > 0 ? value[0] : (byte)0)]));
                break;
            case 10: // SET-LINESTATE-MASK
            case 11: // SET-MODEMSTATE-MASK
                reply(Sub((byte)(command + ServerOffset), value));
                break;
            case 12: // PURGE-DATA: 1 = data from the board not yet sent to the client, 2 = data to the board
                lock (pumpGate)
                {
                    if (value.Length > 0 && (value[0] & 1) != 0)
                    {
                        host.DiscardInput();
                    }

                    reply(Sub(12 + ServerOffset, value));
                }

                break;
            default:
                // FLOWCONTROL-SUSPEND/RESUME and unknown commands need no answer.
                break;
        }
    }

    private byte Control(byte value)
    {
        switch (value)
        {
            case 7: // request DTR state
                return host.DtrEnable ? (byte)8 : (byte)9;
            case 8:
                host.DtrEnable = true;
                return 8;
            case 9:
                host.DtrEnable = false;
                return 9;
            case 10: // request RTS state
                return host.RtsEnable ? (byte)11 : (byte)12;
            case 11:
                host.RtsEnable = true;
                return 11;
            case 12:
                host.RtsEnable = false;
                return 12;
            case 0: // request flow control setting: the link has none
                return 1;
            default:
                return value;
        }
    }

    private static byte[] Sub(int command, byte[] value)
    {
        var frame = new List<byte> { IAC, SB, ComPortOption, (byte)command };
        foreach (byte b in value)
        {
            frame.Add(b);
            if (b == IAC)
            {
                frame.Add(IAC);
            }
        }

        frame.Add(IAC);
        frame.Add(SE);
        return frame.ToArray();
    }

    private sealed class TelnetState
    {
        public int State;
        public byte Verb;
        public readonly List<byte> Sub = new();
        public readonly HashSet<byte> WeWill = new();
        public readonly HashSet<byte> TheyWill = new();
    }
}
