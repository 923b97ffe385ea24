using System.Security.Cryptography;
using System.Text;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Simulators.Serial;
using ICSharpCode.SharpZipLib.Zip.Compression;

namespace FirmwareTools.Tests.Esp32;

/// <summary>
/// A small scripted ESP32 ROM on the board end of a <see cref="VirtualSerialLink"/>, for client unit tests until (and
/// beside) the full virtual ESP32 of the simulators: it answers the commands the client sends with the ROM's reply
/// format (4 status bytes), follows the DevKit reset wiring, and can misbehave on request (silent, REPL echo, lost
/// replies, a link that fails above a baud rate, a wrong MD5). Timing is not modelled.
/// </summary>
internal sealed class ScriptedEsp32Rom : IDisposable
{
    public const int RomBaud = 115200;

    private readonly VirtualSerialLink link;
    private readonly Thread thread;
    private readonly CancellationTokenSource stop = new();
    private readonly SlipDecoder decoder = new();
    private readonly object gate = new();
    private readonly Dictionary<uint, uint> registers = new();
    private Inflater? inflater;
    private long writePointer;
    private bool enLow;
    private bool? pendingBoot;
    private DateTime pendingSince;

    public ScriptedEsp32Rom(VirtualSerialLink link, int flashSize = 4 * 1024 * 1024)
    {
        this.link = link;
        Flash = Enumerable.Repeat((byte)0xFF, flashSize).ToArray();
        registers[Esp32Protocol.ChipDetectMagicRegister] = Esp32Protocol.Esp32ChipMagic;
        registers[Esp32Target.EfuseReadRegisterBase + 4] = 0xA4008668;
        registers[Esp32Target.EfuseReadRegisterBase + 8] = 0x30AE;
        registers[Esp32Target.EfuseReadRegisterBase + 12] = 1u << 15; // major revision bit 0
        registers[Esp32Target.UartClockDivRegister] = 40_000_000 / RomBaud;
        link.Device.ModemLinesChanged += OnModemLines;
        thread = new Thread(Run) { IsBackground = true, Name = "ScriptedEsp32Rom" };
        thread.Start();
    }

    public byte[] Flash { get; }

    /// <summary>True: answers as the ROM loader. False: the chip runs its app (silent, or a REPL when <see cref="Repl"/>).</summary>
    public bool InDownloadMode { get; set; } = true;

    /// <summary>The app is a MicroPython REPL: it echoes every byte and prints a prompt.</summary>
    public bool Repl { get; set; }

    /// <summary>A Pycom Expansion Board 2.0 jumper: GPIO0 low at every reset, whatever DTR says.</summary>
    public bool Jumper { get; set; }

    public int Baud { get; private set; } = RomBaud;

    /// <summary>GPIO0 never gets low at reset (no auto-reset transistor, BOOT not pressed): every reset boots the app.</summary>
    public bool StrapStuckHigh { get; set; }

    /// <summary>Above this rate, the chip's bytes arrive as garbage (a USB-serial bridge that cannot do it).</summary>
    public int? LinkFailsAbove { get; set; }

    public uint JedecId { get; set; } = 0x1640EF;

    /// <summary>Replies to drop, by opcode: each entry drops one reply.</summary>
    public List<Esp32Command> DropReplies { get; } = new();

    /// <summary>How many SYNCs to ignore (the ROM auto-bauding).</summary>
    public int SwallowSyncs { get; set; }

    public bool WrongMd5 { get; set; }

    /// <summary>Opcodes received, in order.</summary>
    public List<Esp32Command> Received { get; } = new();

    public int Resets { get; private set; }

    public List<uint[]> DeflBegins { get; } = new();

    /// <summary>Waits until the board end saw the host close its port and finished what it was doing.</summary>
    public bool WaitForHostClose(TimeSpan timeout) => thread.Join(timeout);

    public void Dispose()
    {
        stop.Cancel();
        thread.Join(TimeSpan.FromSeconds(5));
    }

    private void OnModemLines(bool dtr, bool rts)
    {
        lock (gate)
        {
            // DevKit wiring (docs/protocols/esp32-rom-loader.md §3.1): EN low when RTS alone is asserted; GPIO0 low when DTR alone is asserted. The
            // RC on EN delays its rise, so GPIO0 counts as sampled at the rise or at the very next line change
            // (that is how ClassicReset works on real boards).
            bool en = rts && !dtr;
            bool gpio0Low = dtr && !rts;
            if (pendingBoot is bool lowAtRise)
            {
                Boot(lowAtRise || (!en && gpio0Low));
            }

            if (enLow && !en)
            {
                pendingBoot = gpio0Low;
                pendingSince = DateTime.UtcNow;
            }

            enLow = en;
        }
    }

    private void Boot(bool gpio0Low)
    {
        pendingBoot = null;
        Resets++;
        Baud = RomBaud;
        InDownloadMode = !StrapStuckHigh && (gpio0Low || Jumper);
        decoder.Reset();
        inflater = null;
        link.Device.Write(Encoding.ASCII.GetBytes(InDownloadMode
            ? "ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\nwaiting for download\r\n"
            : "ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n" + (Repl ? "MicroPython v1.22.2\r\n>>> " : string.Empty)));
    }

    private void Run()
    {
        var buffer = new byte[4096];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                int n = link.Device.Read(buffer, 0, buffer.Length, TimeSpan.FromMilliseconds(10), stop.Token);
                if (n < 0)
                {
                    // The host closed the port: a reset it started still completes (the chip does not care).
                    lock (gate)
                    {
                        if (pendingBoot is bool low)
                        {
                            Boot(low);
                        }
                    }

                    return;
                }

                lock (gate)
                {
                    if (pendingBoot is bool low && (n > 0 || DateTime.UtcNow - pendingSince > TimeSpan.FromMilliseconds(20)))
                    {
                        Boot(low);
                    }

                    if (n == 0)
                    {
                        continue;
                    }

                    if (!InDownloadMode)
                    {
                        if (Repl)
                        {
                            link.Device.Write(buffer.AsSpan(0, n));
                        }

                        continue;
                    }

                    bool garbled = link.Device.HostBaudRate != Baud || (LinkFailsAbove is int max && Baud > max);
                    if (garbled)
                    {
                        // Bytes at the wrong rate: the chip sees no frame, and whatever it says is noise to the host.
                        continue;
                    }

                    decoder.Feed(buffer, 0, n);
                    while (decoder.TryTake(out byte[] frame))
                    {
                        Handle(frame);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Handle(byte[] frame)
    {
        if (frame.Length < 8 || frame[0] != 0)
        {
            return;
        }

        var op = (Esp32Command)frame[1];
        int size = frame[2] | frame[3] << 8;
        uint checksum = BitConverter.ToUInt32(frame, 4);
        byte[] data = frame.AsSpan(8, Math.Min(size, frame.Length - 8)).ToArray();
        Received.Add(op);
        uint W(int i) => BitConverter.ToUInt32(data, i * 4);

        switch (op)
        {
            case Esp32Command.Sync:
                if (SwallowSyncs > 0)
                {
                    SwallowSyncs--;
                    return;
                }

                for (int i = 0; i < 8; i++)
                {
                    Reply(op, 0x20120707, []);
                }

                return;
            case Esp32Command.ReadReg:
                Reply(op, registers.GetValueOrDefault(W(0)), []);
                return;
            case Esp32Command.WriteReg:
                uint address = W(0);
                registers[address] = W(1);
                if (address == Esp32Target.Spi1Base && (W(1) & Esp32Protocol.SpiCmdUsr) != 0)
                {
                    registers[Esp32Target.Spi1Base + Esp32Target.SpiW0Offset] = JedecId;
                    registers[address] = 0;
                }

                Reply(op, 0, []);
                return;
            case Esp32Command.SpiAttach:
            case Esp32Command.SpiSetParams:
                Reply(op, 0, []);
                return;
            case Esp32Command.ChangeBaudRate:
                Reply(op, 0, []);
                Baud = (int)W(0);
                return;
            case Esp32Command.FlashDeflBegin:
                DeflBegins.Add([W(0), W(1), W(2), W(3)]);
                Array.Fill(Flash, (byte)0xFF, (int)W(3), (int)Math.Min(W(0), Flash.Length - W(3)));
                writePointer = W(3);
                inflater = new Inflater(noHeader: false);
                Reply(op, 0, []);
                return;
            case Esp32Command.FlashDeflData:
                int length = (int)W(0);
                if (Esp32Packet.Checksum(data, 16, length) != checksum)
                {
                    Reply(op, 0, [], error: (byte)Esp32RomError.ChecksumError);
                    return;
                }

                inflater!.SetInput(data, 16, length);
                var output = new byte[64 * 1024];
                int produced;
                while ((produced = inflater.Inflate(output)) > 0)
                {
                    for (int i = 0; i < produced; i++)
                    {
                        Flash[writePointer + i] &= output[i];
                    }

                    writePointer += produced;
                }

                Reply(op, 0, []);
                return;
            case Esp32Command.SpiFlashMd5:
                byte[] md5 = MD5.HashData(Flash.AsSpan((int)W(0), (int)W(1)));
                if (WrongMd5)
                {
                    md5[0] ^= 0xFF;
                }

                Reply(op, 0, Encoding.ASCII.GetBytes(Convert.ToHexString(md5).ToLowerInvariant()));
                return;
            default:
                Reply(op, 0, [], error: (byte)Esp32RomError.InvalidMessageFormat);
                return;
        }
    }

    private void Reply(Esp32Command op, uint value, byte[] data, byte error = 0)
    {
        if (DropReplies.Remove(op))
        {
            return;
        }

        var packet = new byte[8 + data.Length + 4];
        packet[0] = 1;
        packet[1] = (byte)op;
        BitConverter.TryWriteBytes(packet.AsSpan(2), (ushort)(data.Length + 4));
        BitConverter.TryWriteBytes(packet.AsSpan(4), value);
        data.CopyTo(packet, 8);
        packet[8 + data.Length] = error == 0 ? (byte)0 : (byte)1;
        packet[9 + data.Length] = error;
        link.Device.Write(Slip.Encode(packet));
    }
}
