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

                TimeSpan left = deadline == DateTime.MaxValue ? Timeout.InfiniteTimeSpan : deadline - DateTime.UtcNow;
                if (left != Timeout.InfiniteTimeSpan && left <= TimeSpan.Zero)
                {
                    return 0;
                }

                Monitor.Wait(gate, left == Timeout.InfiniteTimeSpan ? Timeout.Infinite : (int)Math.Ceiling(left.TotalMilliseconds));
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
