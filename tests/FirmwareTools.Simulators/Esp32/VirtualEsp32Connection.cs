using System.Diagnostics;
using FirmwareTools.Simulators.Serial;

namespace FirmwareTools.Simulators.Esp32;

/// <summary>
/// One cable between a <see cref="VirtualEsp32Board"/> and a host: a thread reads what the host sends and hands it to
/// the board; the board's output goes back through <see cref="Send"/>. Also the UART timing model: every byte costs
/// 10 bit times at the line's baud rate in each direction, chained with the chip's own work on one clock, so a reply
/// leaves when the request has fully arrived, the chip has done its work and the reply's bytes have crossed the wire.
/// </summary>
public sealed class VirtualEsp32Connection : IDisposable
{
    private readonly VirtualEsp32Board board;
    private readonly VirtualSerialLink link;
    private readonly Thread thread;
    private readonly CancellationTokenSource stop = new();
    private readonly object clockGate = new();
    private long chipClock; // Stopwatch ticks: when the chip is done with everything received or queued so far.
    private bool disposed;

    internal VirtualEsp32Connection(VirtualEsp32Board board, VirtualSerialLink link)
    {
        this.board = board;
        this.link = link;
        link.Device.ModemLinesChanged += OnModemLines;
        link.Device.Disconnected += OnDisconnected;
        thread = new Thread(Run) { IsBackground = true, Name = "VirtualEsp32 " + link.Host.PortName };
    }

    /// <summary>True once the host closed its port, the cable was cut or the connection was disposed.</summary>
    public bool IsClosed => stop.IsCancellationRequested;

    internal VirtualSerialLink Link => link;

    internal int HostBaudRate => link.Device.HostBaudRate;

    internal int HostDataBits => link.Device.HostDataBits;

    internal void Start() => thread.Start();

    /// <summary>Cuts the cable (fault injection): the host's next read or write fails.</summary>
    internal void CutCable()
    {
        link.Disconnect();
        stop.Cancel();
    }

    /// <summary>Adds modelled chip work (erase, program, a register delay) to the clock; scaled by the time scale.</summary>
    internal void AddWork(TimeSpan modelled)
    {
        double scale = board.Settings.TimeScale;
        if (scale <= 0 || modelled <= TimeSpan.Zero)
        {
            return;
        }

        lock (clockGate)
        {
            chipClock = Math.Max(chipClock, Stopwatch.GetTimestamp()) + Ticks(modelled.TotalSeconds * scale);
        }
    }

    /// <summary>Sends bytes at <paramref name="baud"/>: they reach the host after their wire time, behind everything queued before.</summary>
    internal void Send(ReadOnlySpan<byte> bytes, int baud)
    {
        if (bytes.IsEmpty || IsClosed)
        {
            return;
        }

        double scale = board.Settings.TimeScale;
        if (scale > 0)
        {
            long due;
            lock (clockGate)
            {
                chipClock = Math.Max(chipClock, Stopwatch.GetTimestamp()) + Ticks(board.Settings.WireSeconds(bytes.Length, baud) * scale);
                due = chipClock;
            }

            WaitUntil(due);
        }

        link.Device.Write(bytes);
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        link.Device.ModemLinesChanged -= OnModemLines;
        link.Device.Disconnected -= OnDisconnected;
        stop.Cancel();
        if (Thread.CurrentThread != thread && thread.IsAlive)
        {
            thread.Join(TimeSpan.FromSeconds(5));
            stop.Dispose();
        }

        // Disposed from its own thread (a USB port re-enumerating under a reset the connection is handling): the loop
        // still reads the token once more on its way out, so the source is left to the collector.
        board.Detach(this);
    }

    private static long Ticks(double seconds) => (long)(seconds * Stopwatch.Frequency);

    private void WaitUntil(long due)
    {
        while (!IsClosed)
        {
            long left = due - Stopwatch.GetTimestamp();
            if (left <= 0)
            {
                return;
            }

            double ms = left * 1000.0 / Stopwatch.Frequency;
            if (ms >= 2)
            {
                stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(ms - 1));
            }
            else
            {
                Thread.Yield();
            }
        }
    }

    private void OnModemLines(bool dtr, bool rts) => board.OnModemLines(this, dtr, rts);

    private void OnDisconnected() => stop.Cancel();

    private void Run()
    {
        var buffer = new byte[4096];
        try
        {
            while (!IsClosed)
            {
                board.Tick(this);
                TimeSpan wait = board.HasPendingBoot ? TimeSpan.FromMilliseconds(1) : TimeSpan.FromMilliseconds(20);
                int n = link.Device.Read(buffer, 0, buffer.Length, wait, stop.Token);
                if (n < 0)
                {
                    break;
                }

                if (n == 0)
                {
                    continue;
                }

                // The bytes have crossed the wire when the chip clock says so: they queue behind the chip's work.
                double scale = board.Settings.TimeScale;
                if (scale > 0)
                {
                    lock (clockGate)
                    {
                        chipClock = Math.Max(chipClock, Stopwatch.GetTimestamp()) + Ticks(board.Settings.WireSeconds(n, HostBaudRate) * scale);
                    }
                }

                board.OnReceived(this, buffer.AsSpan(0, n));
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed or the cable was cut.
        }
    }
}
