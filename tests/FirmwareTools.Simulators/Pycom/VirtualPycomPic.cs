using FirmwareTools.Protocols.Serial;
using FirmwareTools.Protocols;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;

namespace FirmwareTools.Simulators.Pycom;

/// <summary>
/// The PIC16 USB bridge of a Pycom Expansion Board 3 / Pysense / Pytrack (docs/protocols/esp32-rom-loader.md §3.6), between the host's
/// serial link and a <see cref="VirtualEsp32Board"/>. While the host's line coding says 5 data bits, the bytes are PIC
/// commands (PEEK, POKE, MAGIC and the version queries, as Pycom's pypic.py sends them); with 8 data bits they pass to
/// the ESP32's UART and its output comes back. DTR/RTS reach nothing. The PIC's pins drive the module: RC5 = EN, RC0 =
/// GPIO0 (a pin is driven when its TRIS bit is 0). Facts marked [I]/[U] are settings.
/// </summary>
public sealed class VirtualPycomPic : IDisposable
{
    public const byte CMD_PEEK = 0x00;
    public const byte CMD_POKE = 0x01;
    public const byte CMD_MAGIC = 0x02;
    public const byte CMD_HW_VER = 0x10;
    public const byte CMD_FW_VER = 0x11;
    public const byte CMD_PROD_ID = 0x12;
    public const ushort PORTA = 0x00C;
    public const ushort PORTC = 0x00E;
    public const ushort TRISA = 0x08C;
    public const ushort TRISC = 0x08E;

    private readonly object gate = new();
    private readonly VirtualSerialLink host;
    private readonly VirtualSerialLink uart = new("PIC-UART");
    private readonly VirtualEsp32Board board;
    private readonly List<byte> pending = [];
    private readonly List<LoggedPicCommand> commands = [];
    private readonly Dictionary<ushort, byte> registers = new() { [PORTA] = 0xFF, [PORTC] = 0xFF, [TRISA] = 0xFF, [TRISC] = 0xFF };
    private readonly Thread toBoard;
    private readonly Thread toHost;
    private readonly CancellationTokenSource stop = new();
    private int dataBits = 8;
    private bool enLow;
    private bool? gpio0Low;

    public VirtualPycomPic(VirtualSerialLink host, VirtualEsp32Board board)
    {
        this.host = host;
        this.board = board;
        board.Attach(uart);
        host.Device.LineSettingsChanged += OnLineSettings;
        toBoard = new Thread(PumpFromHost) { IsBackground = true, Name = "VirtualPycomPic host" };
        toHost = new Thread(PumpFromBoard) { IsBackground = true, Name = "VirtualPycomPic uart" };
        toBoard.Start();
        toHost.Start();
    }

    /// <summary>False: a PIC that does not answer (old firmware in DFU mode, or not a Pycom carrier at all).</summary>
    public bool Answers { get; set; } = true;

    /// <summary>PIC firmware version reported to CMD_FW_VER; the updater needs 6 or later [S]; real boards' values vary [I].</summary>
    public int FirmwareVersion { get; set; } = 6;

    public int HardwareVersion { get; set; } = 3;

    /// <summary>Product id reported to CMD_PROD_ID; the USB PID of an Expansion Board 3 is 0xEF98 [I: same value assumed].</summary>
    public int ProductId { get; set; } = 0xEF98;

    /// <summary>The PIC answers a MAGIC write with the register's new value [U: pypic reads 2 bytes after magic_write_read and flushes after the mode changes].</summary>
    public bool MagicReplies { get; set; } = true;

    public IReadOnlyList<LoggedPicCommand> Commands
    {
        get
        {
            lock (gate)
            {
                return commands.ToArray();
            }
        }
    }

    /// <summary>True while RA5 is driven low (programming mode).</summary>
    public bool Ra5Low
    {
        get
        {
            lock (gate)
            {
                return (registers[TRISA] & (1 << 5)) == 0 && (registers[PORTA] & (1 << 5)) == 0;
            }
        }
    }

    /// <summary>How many times EN was pulled low by RC5.</summary>
    public int ResetPulses { get; private set; }

    public void Dispose()
    {
        stop.Cancel();
        host.Device.LineSettingsChanged -= OnLineSettings;
        toBoard.Join(TimeSpan.FromSeconds(5));
        toHost.Join(TimeSpan.FromSeconds(5));
        uart.Host.Dispose();
        stop.Dispose();
    }

    private void OnLineSettings(int baud, int bits)
    {
        // Runs on the host's thread as it changes the line coding: bytes it wrote before the change are handled in the
        // mode they were written in, so command bytes never leak to the ESP32 and SYNC bytes never reach the PIC.
        lock (gate)
        {
            ReadAvailable(TimeSpan.Zero);
            dataBits = bits;
            uart.Host.BaudRate = baud;
        }
    }

    private void PumpFromHost()
    {
        while (!stop.IsCancellationRequested)
        {
            lock (gate)
            {
                if (!ReadAvailable(TimeSpan.Zero))
                {
                    return;
                }
            }

            Thread.Sleep(1);
        }
    }

    /// <summary>Reads what the host wrote and handles it; false once the host closed its port.</summary>
    private bool ReadAvailable(TimeSpan timeout)
    {
        var buffer = new byte[4096];
        while (true)
        {
            int n;
            try
            {
                n = host.Device.Read(buffer, 0, buffer.Length, timeout, CancellationToken.None);
            }
            catch (SerialPortLostException)
            {
                return false;
            }

            if (n < 0)
            {
                return false;
            }

            if (n == 0)
            {
                return true;
            }

            if (dataBits == 5)
            {
                Interpret(buffer.AsSpan(0, n));
            }
            else
            {
                try
                {
                    uart.Host.Write(buffer, 0, n, CancellationToken.None);
                }
                catch (SerialPortLostException)
                {
                    return false;
                }
            }
        }
    }

    private void PumpFromBoard()
    {
        var buffer = new byte[4096];
        while (!stop.IsCancellationRequested)
        {
            int n;
            try
            {
                n = uart.Host.Read(buffer, 0, buffer.Length, TimeSpan.FromMilliseconds(20), stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SerialPortLostException or ObjectDisposedException)
            {
                return;
            }

            if (n > 0)
            {
                host.Device.Write(buffer.AsSpan(0, n));
            }
        }
    }

    private void Interpret(ReadOnlySpan<byte> bytes)
    {
        pending.AddRange(bytes.ToArray());
        while (pending.Count > 0)
        {
            int length = pending[0] switch
            {
                CMD_PEEK => 3,
                CMD_POKE => 4,
                CMD_MAGIC => 6,
                _ => 1,
            };
            if (pending.Count < length)
            {
                return;
            }

            byte[] command = pending.GetRange(0, length).ToArray();
            pending.RemoveRange(0, length);
            if (Answers)
            {
                Execute(command);
            }
        }
    }

    private void Execute(byte[] c)
    {
        ushort address = c.Length >= 3 ? (ushort)(c[1] | (c[2] << 8)) : (ushort)0;
        switch (c[0])
        {
            case CMD_PEEK:
                commands.Add(new LoggedPicCommand(CMD_PEEK, address));
                Reply(Register(address), 0);
                break;
            case CMD_POKE:
                commands.Add(new LoggedPicCommand(CMD_POKE, address, 0, c[3], 0));
                Store(address, c[3]);
                break;
            case CMD_MAGIC:
                commands.Add(new LoggedPicCommand(CMD_MAGIC, address, c[3], c[4], c[5]));
                Store(address, (byte)(((Register(address) & c[3]) | c[4]) ^ c[5]));
                if (MagicReplies)
                {
                    Reply(Register(address), 0);
                }

                break;
            case CMD_HW_VER:
                commands.Add(new LoggedPicCommand(c[0]));
                Reply((byte)HardwareVersion, (byte)(HardwareVersion >> 8));
                break;
            case CMD_FW_VER:
                commands.Add(new LoggedPicCommand(c[0]));
                Reply((byte)FirmwareVersion, (byte)(FirmwareVersion >> 8));
                break;
            case CMD_PROD_ID:
                commands.Add(new LoggedPicCommand(c[0]));
                Reply((byte)ProductId, (byte)(ProductId >> 8));
                break;
            default:
                commands.Add(new LoggedPicCommand(c[0]));
                break;
        }
    }

    private byte Register(ushort address) => registers.TryGetValue(address, out byte value) ? value : (byte)0;

    private void Store(ushort address, byte value)
    {
        registers[address] = value;
        bool rc5Driven = (registers[TRISC] & (1 << 5)) == 0;
        bool newEnLow = rc5Driven && (registers[PORTC] & (1 << 5)) == 0;
        bool rc0Driven = (registers[TRISC] & 1) == 0;
        bool? newGpio0Low = rc0Driven ? (registers[PORTC] & 1) == 0 : null;
        if (newGpio0Low != gpio0Low)
        {
            gpio0Low = newGpio0Low;
            board.DriveGpio0(newGpio0Low);
        }

        if (newEnLow != enLow)
        {
            enLow = newEnLow;
            if (newEnLow)
            {
                ResetPulses++;
            }

            board.DriveEn(newEnLow);
        }
    }

    private void Reply(byte low, byte high) => host.Device.Write([low, high]);
}
