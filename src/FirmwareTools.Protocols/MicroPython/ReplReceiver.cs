using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>
    /// The receiving half of the raw REPL client: buffers what the board sends, finds markers in it whatever the
    /// chunking (single bytes or whole lines), and remembers the last bytes seen so a timeout can say what the
    /// line was doing. A board that prints forever cannot fill memory: while skipping to a marker only a bounded
    /// window of the stream is kept.
    /// </summary>
    internal sealed class ReplReceiver
    {
        /// <summary>Bytes kept while skipping unbounded chatter to a marker: far more than any marker is long.</summary>
        private const int SkipWindow = 4096;

        private static readonly byte[] EspRomWaiting = ReplText.Ascii("waiting for download");
        private static readonly byte[] EspRomBoot = ReplText.Ascii("boot:0x");
        private static readonly byte[] MicroPythonName = ReplText.Ascii("MicroPython");
        private static readonly byte[] FriendlyPrompt = ReplText.Ascii(">>> ");

        private readonly ISerialPort port;
        private readonly OperationLog? log;
        private readonly List<byte> pending = new List<byte>();
        private readonly Queue<byte> tail = new Queue<byte>();
        private readonly List<byte> diagnosisWindow = new List<byte>();

        // What arrived during the current wait only: tells a program that keeps printing after our interrupt, or a
        // friendly prompt that answered our Ctrl-A, from what was on the line before.
        private readonly List<byte> waitWindow = new List<byte>();
        private readonly int tailLength;
        private readonly byte[] chunk = new byte[512];
        private long received;

        public ReplReceiver(ISerialPort port, int tailLength, OperationLog? log)
        {
            this.port = port;
            this.tailLength = Math.Max(16, tailLength);
            this.log = log;
        }

        /// <summary>True once any byte at all has come back from the board.</summary>
        public bool AnythingReceived => received > 0;

        /// <summary>True once the board sent a byte MicroPython's REPL never prints, but a local echo of our Ctrl-A would.</summary>
        public bool SawControlA { get; private set; }

        public string LastSeen => ReplText.Escape(tail);

        /// <summary>Reads until <paramref name="find"/> locates a marker in the buffered bytes; returns the bytes before it and consumes both.</summary>
        /// <param name="find">Returns (start, length) of the marker in the buffer, or null.</param>
        /// <param name="step">What is awaited, for the timeout message.</param>
        /// <param name="timeout">The longest wait for the marker.</param>
        /// <param name="bounded">Keep only a window of the stream (for skipping banners and program output).</param>
        /// <param name="cancellationToken">Stops the wait.</param>
        public byte[] ReadUntil(Func<List<byte>, (int Start, int Length)?> find, string step, TimeSpan timeout, bool bounded, CancellationToken cancellationToken)
        {
            DateTime deadline = DateTime.UtcNow + timeout;
            waitWindow.Clear();
            while (true)
            {
                (int Start, int Length)? hit = find(pending);
                if (hit.HasValue)
                {
                    byte[] before = pending.GetRange(0, hit.Value.Start).ToArray();
                    pending.RemoveRange(0, hit.Value.Start + hit.Value.Length);
                    return before;
                }

                if (bounded && pending.Count > SkipWindow)
                {
                    pending.RemoveRange(0, pending.Count - SkipWindow / 2);
                }

                Fill(deadline, step, timeout, cancellationToken);
            }
        }

        public byte[] ReadUntil(byte[] marker, string step, TimeSpan timeout, bool bounded, CancellationToken cancellationToken) =>
            ReadUntil(buffer => Find(buffer, marker, 0) is int i ? (i, marker.Length) : ((int, int)?)null, step, timeout, bounded, cancellationToken);

        /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
        public byte[] ReadExact(int count, string step, TimeSpan timeout, CancellationToken cancellationToken)
        {
            DateTime deadline = DateTime.UtcNow + timeout;
            waitWindow.Clear();
            while (pending.Count < count)
            {
                Fill(deadline, step, timeout, cancellationToken);
            }

            byte[] result = pending.GetRange(0, count).ToArray();
            pending.RemoveRange(0, count);
            return result;
        }

        /// <summary>Takes whatever has already arrived, without waiting (flow-control bytes during raw paste).</summary>
        public byte[] TakeAvailable(CancellationToken cancellationToken)
        {
            while (true)
            {
                int n = port.Read(chunk, 0, chunk.Length, TimeSpan.Zero, cancellationToken);
                if (n <= 0)
                {
                    break;
                }

                Accept(n);
            }

            byte[] all = pending.ToArray();
            pending.Clear();
            return all;
        }

        /// <summary>Puts bytes back in front of the buffer (read too far while probing raw-paste support).</summary>
        public void Unread(byte[] bytes) => pending.InsertRange(0, bytes);

        /// <summary>Forgets buffered bytes (what a running program printed before Ctrl-C); the tail keeps them for messages.</summary>
        public void DropPending()
        {
            TakeAvailable(CancellationToken.None);
            pending.Clear();
        }

        public static int? Find(List<byte> buffer, byte[] marker, int from)
        {
            for (int i = from; i <= buffer.Count - marker.Length; i++)
            {
                int j = 0;
                while (j < marker.Length && buffer[i + j] == marker[j])
                {
                    j++;
                }

                if (j == marker.Length)
                {
                    return i;
                }
            }

            return null;
        }

        private void Fill(DateTime deadline, string step, TimeSpan timeout, CancellationToken cancellationToken)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new ReplTimeoutException(port.PortName, step, LastSeen, Diagnose(), timeout);
            }

            int n = port.Read(chunk, 0, chunk.Length, left, cancellationToken);
            if (n > 0)
            {
                Accept(n);
            }
        }

        private void Accept(int n)
        {
            received += n;
            for (int i = 0; i < n; i++)
            {
                byte b = chunk[i];
                pending.Add(b);
                tail.Enqueue(b);
                if (tail.Count > tailLength)
                {
                    tail.Dequeue();
                }

                diagnosisWindow.Add(b);
                if (waitWindow.Count < SkipWindow)
                {
                    waitWindow.Add(b);
                }

                if (b == 0x01)
                {
                    SawControlA = true;
                }
            }

            if (diagnosisWindow.Count > SkipWindow)
            {
                diagnosisWindow.RemoveRange(0, diagnosisWindow.Count - SkipWindow / 2);
            }

            log.Debug("REPL <- " + ReplText.Escape(new ArraySegment<byte>(chunk, 0, n)));
        }

        private ReplLineDiagnosis Diagnose()
        {
            if (!AnythingReceived)
            {
                return ReplLineDiagnosis.Silent;
            }

            // The ROM prints its reset reason ("rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(...))") and, in
            // download mode, "waiting for download"; MicroPython never prints either.
            // A boot log followed by MicroPython's banner or prompt is an ESP32 that did boot, though.
            bool romBoot = Find(diagnosisWindow, EspRomBoot, 0).HasValue
                && !Find(diagnosisWindow, MicroPythonName, 0).HasValue && !Find(diagnosisWindow, FriendlyPrompt, 0).HasValue;
            if (Find(diagnosisWindow, EspRomWaiting, 0).HasValue || romBoot)
            {
                return ReplLineDiagnosis.Esp32Bootloader;
            }

            return Diagnose(diagnosisWindow, waitWindow);
        }

        /// <summary>
        /// What the bytes say when they did not hold what was awaited: <paramref name="recent"/> is the last few KiB of
        /// the line, <paramref name="wait"/> what arrived during the wait that timed out.
        /// </summary>
        internal static ReplLineDiagnosis Diagnose(List<byte> recent, List<byte> wait)
        {
            if (Find(wait, FriendlyPrompt, 0).HasValue)
            {
                // The friendly REPL answered our line end with its prompt, but Ctrl-A brought no raw greeting.
                return ReplLineDiagnosis.RawReplRefused;
            }

            // A few bytes are an echo of ours or a stray line end; a program's output is lines of text. Wrong baud
            // rates and other protocols produce mostly non-text: judged on everything recent, because how much of it
            // falls into the last wait depends on when the bytes happened to arrive.
            const int MinimumOutput = 8;
            if (recent.Count >= MinimumOutput && !MostlyText(recent))
            {
                return ReplLineDiagnosis.NotMicroPython;
            }

            return wait.Count >= MinimumOutput && MostlyText(wait) ? ReplLineDiagnosis.ProgramRunning : ReplLineDiagnosis.Unexpected;
        }

        private static bool MostlyText(List<byte> bytes)
        {
            int text = 0;
            foreach (byte b in bytes)
            {
                if ((b >= 0x20 && b < 0x7F) || b == '\r' || b == '\n' || b == '\t')
                {
                    text++;
                }
            }

            return text * 10 >= bytes.Count * 9;
        }

        internal static string Decode(byte[] bytes) => Encoding.UTF8.GetString(bytes);
    }
}
