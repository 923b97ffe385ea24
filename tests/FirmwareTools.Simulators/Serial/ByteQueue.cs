namespace FirmwareTools.Simulators.Serial;

/// <summary>
/// One direction of a virtual serial line: a thread-safe byte FIFO whose reader blocks with a timeout.
/// Closing it wakes every reader; once closed, reads of an empty queue report the line as gone.
/// </summary>
public sealed class ByteQueue
{
    private readonly object gate = new();
    private readonly Queue<byte> bytes = new();
    private bool closed;

    public int Count
    {
        get
        {
            lock (gate)
            {
                return bytes.Count;
            }
        }
    }

    public bool IsClosed
    {
        get
        {
            lock (gate)
            {
                return closed;
            }
        }
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        lock (gate)
        {
            if (closed)
            {
                return;
            }

            foreach (byte b in data)
            {
                bytes.Enqueue(b);
            }

            Monitor.PulseAll(gate);
        }
    }

    /// <summary>
    /// How long to wait for bytes before <paramref name="deadline"/>: null once it has passed, <see cref="Timeout.Infinite"/>
    /// for no deadline. The deadline, not the time left, says "infinite": a time left of exactly -1 ms equals
    /// <see cref="Timeout.InfiniteTimeSpan"/>, and once made a read that was 1 ms late wait forever (a hung test run).
    /// </summary>
    public static int? WaitMilliseconds(DateTime deadline, DateTime now)
    {
        if (deadline == DateTime.MaxValue)
        {
            return Timeout.Infinite;
        }

        TimeSpan left = deadline - now;
        return left <= TimeSpan.Zero ? null : (int)Math.Min(int.MaxValue, Math.Ceiling(left.TotalMilliseconds));
    }

    /// <summary>Reads up to <paramref name="count"/> bytes; 0 on timeout; -1 when the queue is closed and empty.</summary>
    public int Read(byte[] buffer, int offset, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        DateTime deadline = timeout == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + timeout;
        using CancellationTokenRegistration wake = cancellationToken.Register(() =>
        {
            lock (gate)
            {
                Monitor.PulseAll(gate);
            }
        });
        lock (gate)
        {
            while (bytes.Count == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (closed)
                {
                    return -1;
                }

                int? wait = WaitMilliseconds(deadline, DateTime.UtcNow);
                if (wait is null)
                {
                    return 0;
                }

                Monitor.Wait(gate, wait.Value);
            }

            int n = 0;
            while (n < count && bytes.Count > 0)
            {
                buffer[offset + n++] = bytes.Dequeue();
            }

            return n;
        }
    }

    /// <summary>Blocks until a byte is there or the queue is closed, without taking anything.</summary>
    public void WaitUntilReadable(CancellationToken cancellationToken)
    {
        using CancellationTokenRegistration wake = cancellationToken.Register(() =>
        {
            lock (gate)
            {
                Monitor.PulseAll(gate);
            }
        });
        lock (gate)
        {
            while (bytes.Count == 0 && !closed)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Monitor.Wait(gate);
            }
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            bytes.Clear();
        }
    }

    public void Close()
    {
        lock (gate)
        {
            closed = true;
            Monitor.PulseAll(gate);
        }
    }
}
