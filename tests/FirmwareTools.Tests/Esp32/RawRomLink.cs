using System.Buffers.Binary;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;

namespace FirmwareTools.Tests.Esp32;

/// <summary>
/// A virtual ESP32 on an in-process cable, driven with raw bytes built in the test (no client code): SLIP-encodes
/// command packets, reads reply frames and raw text from the host end.
/// </summary>
internal sealed class RawRomLink : IDisposable
{
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(5);

    public static readonly byte[] SyncPayload = [0x07, 0x07, 0x12, 0x20, .. Enumerable.Repeat((byte)0x55, 32)];

    private readonly List<byte> pending = [];
    private readonly bool ownsBoard = true;

    public RawRomLink(VirtualEsp32Settings? settings = null, VirtualEsp32Board? board = null)
    {
        Board = board ?? new VirtualEsp32Board(settings ?? Instant());
        var link = new VirtualSerialLink("VIRTUAL-ESP32");
        Host = link.Host;
        Board.Attach(link);
    }

    /// <summary>Raw frames over any port (a socket:// or rfc2217:// port to a served board); disposing closes the port only.</summary>
    public RawRomLink(ISerialPort host, VirtualEsp32Board board)
    {
        Host = host;
        Board = board;
        ownsBoard = false;
    }

    public VirtualEsp32Board Board { get; }

    public ISerialPort Host { get; }

    /// <summary>Instant (time scale 0), started in download mode, first SYNC answered: the plain ROM for command tests.</summary>
    public static VirtualEsp32Settings Instant() => new()
    {
        TimeScale = 0,
        StartInDownloadMode = true,
        FirstSyncLost = false,
    };

    public static byte[] Packet(byte op, ReadOnlySpan<byte> data, uint checksum = 0)
    {
        var packet = new byte[8 + data.Length];
        packet[1] = op;
        BinaryPrimitives.WriteUInt16LittleEndian(packet.AsSpan(2), (ushort)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(4), checksum);
        data.CopyTo(packet.AsSpan(8));
        return packet;
    }

    public static byte[] Slip(ReadOnlySpan<byte> packet)
    {
        var output = new List<byte> { 0xC0 };
        foreach (byte b in packet)
        {
            if (b == 0xC0)
            {
                output.AddRange([0xDB, 0xDC]);
            }
            else if (b == 0xDB)
            {
                output.AddRange([0xDB, 0xDD]);
            }
            else
            {
                output.Add(b);
            }
        }

        output.Add(0xC0);
        return [.. output];
    }

    public static byte[] Words(params uint[] words)
    {
        var bytes = new byte[words.Length * 4];
        for (int i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), words[i]);
        }

        return bytes;
    }

    public static byte Checksum(ReadOnlySpan<byte> data)
    {
        byte sum = 0xEF;
        foreach (byte b in data)
        {
            sum ^= b;
        }

        return sum;
    }

    /// <summary>A FLASH_DATA / FLASH_DEFL_DATA / MEM_DATA payload: length, seq, 0, 0, data.</summary>
    public static byte[] DataPayload(ReadOnlySpan<byte> block, uint seq) => [.. Words((uint)block.Length, seq, 0, 0), .. block];

    public void WriteRaw(ReadOnlySpan<byte> bytes) => Host.Write(bytes.ToArray(), 0, bytes.Length, CancellationToken.None);

    public void Send(byte op, ReadOnlySpan<byte> data, uint checksum = 0) => WriteRaw(Slip(Packet(op, data, checksum)));

    public void Sync()
    {
        Send(Esp32RomOpcode.SYNC, SyncPayload);
        for (int i = 0; i < 8; i++)
        {
            Reply expected = ReadReply() ?? throw new InvalidOperationException($"SYNC reply {i + 1} of 8 missing");
            if (expected.Opcode != Esp32RomOpcode.SYNC)
            {
                throw new InvalidOperationException($"SYNC reply {i + 1} has opcode {expected.Opcode:X2}");
            }
        }
    }

    /// <summary>Sends a command and returns its reply (or null on timeout).</summary>
    public Reply? Command(byte op, ReadOnlySpan<byte> data, uint checksum = 0)
    {
        Send(op, data, checksum);
        return ReadReply();
    }

    public Reply Expect(byte op, ReadOnlySpan<byte> data, uint checksum = 0) =>
        Command(op, data, checksum) ?? throw new InvalidOperationException($"no reply to opcode 0x{op:X2}");

    /// <summary>Reads the next SLIP frame (raw, still escaped, with both delimiters); null on timeout. Bytes before it are skipped.</summary>
    public byte[]? ReadWireFrame(TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? ReplyTimeout);
        while (true)
        {
            int start = pending.IndexOf(0xC0);
            if (start >= 0)
            {
                int end = pending.IndexOf(0xC0, start + 1);
                if (end == start + 1)
                {
                    pending.RemoveAt(start);
                    continue;
                }

                if (end > start)
                {
                    byte[] frame = pending.GetRange(start, end - start + 1).ToArray();
                    pending.RemoveRange(0, end + 1);
                    return frame;
                }
            }

            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !Fill(left))
            {
                return null;
            }
        }
    }

    /// <summary>Sends a command and returns the raw wire bytes of the next frame (for corrupted replies).</summary>
    public byte[] WriteThenReadFrame(byte op, ReadOnlySpan<byte> data)
    {
        Send(op, data);
        return ReadWireFrame() ?? throw new InvalidOperationException($"no frame after opcode 0x{op:X2}");
    }

    public Reply? ReadReply(TimeSpan? timeout = null)
    {
        byte[]? wire = ReadWireFrame(timeout);
        return wire is null ? null : Reply.Parse(Unslip(wire));
    }

    /// <summary>Everything that arrives within <paramref name="quiet"/> of the last byte (text output: banners, echo).</summary>
    public byte[] ReadAvailable(TimeSpan quiet)
    {
        while (Fill(quiet))
        {
        }

        byte[] all = [.. pending];
        pending.Clear();
        return all;
    }

    /// <summary>Reads until <paramref name="text"/> has arrived or the timeout passes; returns everything read.</summary>
    public string ReadUntil(string text, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (!System.Text.Encoding.Latin1.GetString([.. pending]).Contains(text, StringComparison.Ordinal))
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !Fill(left))
            {
                break;
            }
        }

        string all = System.Text.Encoding.Latin1.GetString([.. pending]);
        pending.Clear();
        return all;
    }

    public static byte[] Unslip(byte[] wire)
    {
        var output = new List<byte>();
        for (int i = 1; i < wire.Length - 1; i++)
        {
            if (wire[i] == 0xDB)
            {
                i++;
                output.Add(wire[i] == 0xDC ? (byte)0xC0 : wire[i] == 0xDD ? (byte)0xDB : throw new InvalidDataException($"invalid SLIP escape DB {wire[i]:X2}"));
            }
            else
            {
                output.Add(wire[i]);
            }
        }

        return [.. output];
    }

    public void Dispose()
    {
        Host.Dispose();
        if (ownsBoard)
        {
            Board.Dispose();
        }
    }

    private bool Fill(TimeSpan timeout)
    {
        var buffer = new byte[4096];
        int n = Host.Read(buffer, 0, buffer.Length, timeout, CancellationToken.None);
        pending.AddRange(buffer.AsSpan(0, n).ToArray());
        return n > 0;
    }

    /// <summary>A decoded response packet (docs/protocols/esp32-rom-loader.md §1.3).</summary>
    internal sealed record Reply(byte Direction, byte Opcode, int Size, uint Value, byte[] Data)
    {
        public byte Status => Data.Length >= 4 ? Data[^4] : (byte)0xEE;

        public byte Error => Data.Length >= 4 ? Data[^3] : (byte)0xEE;

        public byte[] Body => Data.Length >= 4 ? Data[..^4] : [];

        public static Reply Parse(byte[] packet) => new(
            packet[0],
            packet[1],
            BinaryPrimitives.ReadUInt16LittleEndian(packet.AsSpan(2)),
            BinaryPrimitives.ReadUInt32LittleEndian(packet.AsSpan(4)),
            packet[8..]);
    }
}
