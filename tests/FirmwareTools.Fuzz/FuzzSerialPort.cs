using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Fuzz;

/// <summary>
/// A serial line whose far end says exactly the fuzz input and then nothing: reads hand out the input's bytes in order
/// (at most <see cref="chunk"/> per read, as a UART delivers them in bursts), and once it is used up every read reports a
/// timeout at once (returns 0) instead of waiting, so AFL++ never sees a hang that is only a timeout running down.
/// What is written is dropped; a discard keeps the unread input (those bytes have not "arrived" yet).
/// <see cref="Answering"/> makes a board that speaks only when spoken to: the input is records (<see cref="FuzzInput.Records"/>)
/// and the next record arrives only after the client wrote something, as a REPL's replies do.
/// </summary>
public sealed class FuzzSerialPort : ISerialPort
{
    private readonly Queue<byte[]> replies = new();
    private readonly int chunk;
    private byte[] input;
    private int position;
    private bool wroteSinceReply;

    public FuzzSerialPort(byte[] input, string portName = "fuzz-serial", int chunk = 4096, bool supportsModemLines = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        this.input = input;
        this.chunk = Math.Max(1, chunk);
        PortName = portName;
        SupportsModemLines = supportsModemLines;
    }

    public string PortName { get; }

    public int BaudRate { get; set; } = 115200;

    public int DataBits { get; set; } = 8;

    public bool DtrEnable { get; set; }

    public bool RtsEnable { get; set; }

    public bool SupportsModemLines { get; }

    /// <summary>True once every input byte was read: the next step would only wait for a timeout.</summary>
    public bool Exhausted => position >= input.Length && replies.Count == 0;

    /// <summary>Bytes the client wrote (requests), counted to check it never writes without bound.</summary>
    public long Written { get; private set; }

    /// <summary>A port whose far end sends the next of <paramref name="records"/> each time the client has written since the last one.</summary>
    public static FuzzSerialPort Answering(IEnumerable<byte[]> records, string portName, int chunk = 4096)
    {
        ArgumentNullException.ThrowIfNull(records);
        var port = new FuzzSerialPort(Array.Empty<byte>(), portName, chunk);
        foreach (byte[] record in records)
        {
            port.replies.Enqueue(record);
        }

        return port;
    }

    public void SetModemLines(bool dtr, bool rts)
    {
        DtrEnable = dtr;
        RtsEnable = rts;
    }

    public int Read(byte[] buffer, int offset, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (timeout <= TimeSpan.Zero)
        {
            // A poll ("what has arrived already?"): the far end answers only to a read that waits, so a client that
            // drops stale input before a command (the REPL's interrupt) does not drop the whole input.
            return 0;
        }

        if (position >= input.Length && wroteSinceReply && replies.Count > 0)
        {
            input = replies.Dequeue();
            position = 0;
            wroteSinceReply = false;
        }

        int n = Math.Min(Math.Min(count, chunk), input.Length - position);
        if (n <= 0)
        {
            return 0;
        }

        Buffer.BlockCopy(input, position, buffer, offset, n);
        position += n;
        return n;
    }

    public void Write(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Written += count;
        wroteSinceReply = true;
    }

    public void Drain(CancellationToken cancellationToken)
    {
    }

    public void DiscardInput()
    {
    }

    public void DiscardOutput()
    {
    }

    public void Dispose()
    {
    }
}
