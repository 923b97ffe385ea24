using System;
using System.Threading;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// Bytes a network port received and the client has not read yet, filled by the port's receive thread.
    /// Readers block on a monitor (no polling) until data arrives, the timeout passes, the token is cancelled
    /// or the connection ends; once it ended, buffered bytes are still handed out before the loss is reported.
    /// </summary>
    internal sealed class ReceiveBuffer
    {
        private readonly object gate = new object();
        private byte[] data = new byte[8192];
        private int head;
        private int count;
        private string? closedReason;

        public void Write(byte[] source, int offset, int length)
        {
            if (length == 0)
            {
                return;
            }

            lock (gate)
            {
                EnsureCapacity(count + length);
                for (int i = 0; i < length;)
                {
                    int tail = (head + count) % data.Length;
                    int chunk = Math.Min(length - i, data.Length - tail);
                    Buffer.BlockCopy(source, offset + i, data, tail, chunk);
                    count += chunk;
                    i += chunk;
                }

                Monitor.PulseAll(gate);
            }
        }

        /// <summary>Bytes read; 0 on timeout; -1 when the connection ended and nothing is left.</summary>
        public int Read(byte[] buffer, int offset, int length, TimeSpan timeout, CancellationToken cancellationToken, out string? closedBecause)
        {
            closedBecause = null;
            DateTime deadline = timeout == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + timeout;
            using (cancellationToken.Register(Wake))
            {
                lock (gate)
                {
                    while (count == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (closedReason is not null)
                        {
                            closedBecause = closedReason;
                            return -1;
                        }

                        int waitMs;
                        if (deadline == DateTime.MaxValue)
                        {
                            waitMs = Timeout.Infinite;
                        }
                        else
                        {
                            TimeSpan left = deadline - DateTime.UtcNow;
                            if (left <= TimeSpan.Zero)
                            {
                                return 0;
                            }

                            waitMs = (int)Math.Min(int.MaxValue, Math.Ceiling(left.TotalMilliseconds));
                        }

                        Monitor.Wait(gate, waitMs);
                    }

                    int n = 0;
                    while (n < length && count > 0)
                    {
                        int chunk = Math.Min(Math.Min(length - n, count), data.Length - head);
                        Buffer.BlockCopy(data, head, buffer, offset + n, chunk);
                        head = (head + chunk) % data.Length;
                        count -= chunk;
                        n += chunk;
                    }

                    return n;
                }
            }
        }

        public void Clear()
        {
            lock (gate)
            {
                head = 0;
                count = 0;
            }
        }

        public void Close(string reason)
        {
            lock (gate)
            {
                closedReason ??= reason;
                Monitor.PulseAll(gate);
            }
        }

        private void Wake()
        {
            lock (gate)
            {
                Monitor.PulseAll(gate);
            }
        }

        private void EnsureCapacity(int needed)
        {
            if (needed <= data.Length)
            {
                return;
            }

            int size = data.Length;
            while (size < needed)
            {
                size *= 2;
            }

            var bigger = new byte[size];
            int first = Math.Min(count, data.Length - head);
            Buffer.BlockCopy(data, head, bigger, 0, first);
            Buffer.BlockCopy(data, 0, bigger, first, count - first);
            data = bigger;
            head = 0;
        }
    }
}
