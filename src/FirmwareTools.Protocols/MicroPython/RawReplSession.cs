using System;
using System.Collections.Generic;
using System.Text;
using System.Threading;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>
    /// A client for MicroPython's raw REPL over a serial port, byte for byte as tools/pyboard.py and mpremote's
    /// transport_serial.py speak it: interrupt (<c>\r\x03</c>, pause, <c>\x03</c>), enter (<c>\r\x01</c> →
    /// <c>raw REPL; CTRL-B to exit\r\n&gt;</c>), execute (raw-paste <c>\x05A\x01</c> with flow control, or plain:
    /// code, <c>\x04</c>, <c>OK</c>), read output and error text each up to <c>\x04</c>, then the <c>&gt;</c>
    /// prompt, and leave (<c>\r\x02</c>). It never soft-resets unless asked. The port stays the caller's.
    /// </summary>
    /// <remarks>
    /// Tolerant of what real lines do: bytes arriving singly or in lines, <c>\n</c> instead of <c>\r\n</c>, a
    /// banner or a running program's output before the prompt, and a line that echoes what we send (seen as our
    /// own Ctrl-A coming back; raw-paste is then skipped because its flow-control bytes would drown in the echo).
    /// </remarks>
    public sealed class RawReplSession : IDisposable
    {
        /// <summary>Ctrl-A: enter the raw REPL.</summary>
        public const byte CtrlA = 0x01;

        /// <summary>Ctrl-B: back to the friendly REPL.</summary>
        public const byte CtrlB = 0x02;

        /// <summary>Ctrl-C: KeyboardInterrupt.</summary>
        public const byte CtrlC = 0x03;

        /// <summary>Ctrl-D: end of code in the raw REPL; soft reset at an empty raw prompt.</summary>
        public const byte CtrlD = 0x04;

        /// <summary>Ctrl-E: first byte of the raw-paste request <c>\x05A\x01</c>.</summary>
        public const byte CtrlE = 0x05;

        /// <summary>The raw REPL's greeting, before its line end and the <c>&gt;</c> prompt.</summary>
        public const string RawReplBanner = "raw REPL; CTRL-B to exit";

        /// <summary>pyboard.py sends plain raw mode in 256-byte chunks 10 ms apart so small UART buffers keep up.</summary>
        private const int PlainChunk = 256;

        private static readonly byte[] BannerBytes = Encoding.ASCII.GetBytes(RawReplBanner);
        private static readonly byte[] Ok = { (byte)'O', (byte)'K' };
        private static readonly byte[] EndOfText = { CtrlD };
        private static readonly byte[] Prompt = { (byte)'>' };
        private static readonly byte[] SoftReboot = Encoding.ASCII.GetBytes("soft reboot");

        private readonly ISerialPort port;
        private readonly RawReplOptions options;
        private readonly OperationLog? log;
        private readonly ReplReceiver receiver;
        private bool? rawPasteSupported;

        public RawReplSession(ISerialPort port, RawReplOptions? options = null, OperationLog? log = null)
        {
            this.port = port ?? throw new ArgumentNullException(nameof(port));
            this.options = options ?? new RawReplOptions();
            this.log = log;
            receiver = new ReplReceiver(port, this.options.LastSeenLength, log);
        }

        public string PortName => port.PortName;

        /// <summary>True between <see cref="Enter"/> and <see cref="Exit"/>.</summary>
        public bool InRawRepl { get; private set; }

        /// <summary>The line echoes what we send (detected while entering).</summary>
        public bool LineEchoes { get; private set; }

        /// <summary>Whether the board accepted raw-paste mode; null until the first <see cref="Execute"/> asked.</summary>
        public bool? RawPasteSupported => rawPasteSupported;

        /// <summary>The last bytes received, escaped for display.</summary>
        public string LastSeen => receiver.LastSeen;

        /// <summary>
        /// Stops whatever runs and enters the raw REPL, interrupting again until the entry budget
        /// (<see cref="RawReplOptions.EffectiveEntryTimeout"/>) is spent. With <paramref name="softReset"/> (or
        /// <see cref="RawReplOptions.SoftReset"/>) the board is soft-reset inside the raw REPL (a clean interpreter;
        /// boot.py runs again, main.py does not); otherwise the board's state is left alone.
        /// </summary>
        public void Enter(bool softReset, CancellationToken cancellationToken)
        {
            // As mpremote does, but patient: a board whose line is dead for a while after opening (a slow boot.py,
            // USB CDC coming up) drops the first interrupts, so interrupt and ask again until the entry budget is
            // spent; each try is harmless to a board that already answered (Ctrl-C clears the raw line, Ctrl-A
            // greets again).
            DateTime deadline = DateTime.UtcNow + options.EffectiveEntryTimeout;
            for (int attempt = 1; ; attempt++)
            {
                log.Verbose(attempt == 1
                    ? $"{PortName}: interrupting whatever runs (Ctrl-C twice) and entering the raw REPL"
                    : $"{PortName}: no raw REPL greeting yet; interrupting again (try {attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
                Send(new byte[] { (byte)'\r', CtrlC }, cancellationToken);
                Pause(options.InterruptPause, cancellationToken);
                Send(new byte[] { CtrlC }, cancellationToken);

                // What a running program printed before the interrupt is of no use, except to a timeout message,
                // which reads it from the receiver's tail.
                receiver.DropPending();
                Send(new byte[] { (byte)'\r', CtrlA }, cancellationToken);
                TimeSpan left = deadline - DateTime.UtcNow;
                bool lastTry = left <= options.EntryAttemptTimeout;
                TimeSpan wait = lastTry ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : options.EntryAttemptTimeout;
                string step = attempt == 1
                    ? "the raw REPL prompt (\"raw REPL; CTRL-B to exit\" and \">\")"
                    : $"the raw REPL prompt (\"raw REPL; CTRL-B to exit\" and \">\") after {attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)} tries of Ctrl-C and Ctrl-A";
                try
                {
                    receiver.ReadUntil(FindBannerAndPrompt, step, wait, bounded: true, cancellationToken);
                    break;
                }
                catch (ReplTimeoutException) when (!lastTry)
                {
                    // Not yet: interrupt again.
                }
            }

            LineEchoes = receiver.SawControlA;
            if (LineEchoes)
            {
                log.Verbose($"{PortName}: the line echoes what is sent; raw-paste mode will not be used");
            }

            InRawRepl = true;
            if (softReset || options.SoftReset)
            {
                log.Verbose($"{PortName}: soft reset (Ctrl-D at the raw prompt)");
                Send(EndOfText, cancellationToken);
                receiver.ReadUntil(SoftReboot, "\"soft reboot\" after Ctrl-D", options.Timeout, bounded: true, cancellationToken);
                receiver.ReadUntil(FindBannerAndPrompt, "the raw REPL prompt after the soft reset", options.Timeout, bounded: true, cancellationToken);
            }
        }

        /// <summary>
        /// Runs <paramref name="code"/> and returns what it printed. An error raised on the board becomes a
        /// <c>MicroPythonCodeFailed</c> carrying the traceback; the session stays usable.
        /// </summary>
        public string Execute(string code, CancellationToken cancellationToken)
        {
            if (code is null)
            {
                throw new ArgumentNullException(nameof(code));
            }

            if (code.IndexOf((char)CtrlD) >= 0)
            {
                throw new ArgumentException("Code sent to the raw REPL cannot contain Ctrl-D (\\x04): it ends the code.", nameof(code));
            }

            if (!InRawRepl)
            {
                throw new InvalidOperationException("Enter the raw REPL first.");
            }

            byte[] bytes = Encoding.UTF8.GetBytes(code);
            bool pasted = options.UseRawPaste && !LineEchoes && rawPasteSupported != false && TryRawPaste(bytes, cancellationToken);
            if (!pasted)
            {
                WritePlain(bytes, cancellationToken);
            }

            byte[] output = receiver.ReadUntil(EndOfText, "the end of the output (\\x04)", options.Timeout, bounded: false, cancellationToken);
            byte[] error = receiver.ReadUntil(EndOfText, "the end of the error text (\\x04)", options.Timeout, bounded: false, cancellationToken);
            receiver.ReadUntil(Prompt, "the raw REPL prompt (\">\") after the code ran", options.Timeout, bounded: true, cancellationToken);

            string text = ReplReceiver.Decode(output);
            string errorText = ReplReceiver.Decode(error);
            if (errorText.Length > 0)
            {
                throw MicroPythonErrors.CodeFailed(PortName, errorText);
            }

            return text;
        }

        /// <summary>
        /// Sends <paramref name="code"/> in plain raw mode and returns once the board acknowledged it with <c>OK</c>,
        /// without waiting for output: for statements after which the board leaves the line, such as
        /// <c>machine.bootloader()</c> (docs/protocols/board-update.md §3.0 step 3: read the 2 bytes <c>OK</c>, then close
        /// at once; the <c>\x04</c> terminators never come). The session is unusable afterwards.
        /// </summary>
        /// <param name="code">The statement.</param>
        /// <param name="refusalWindow">
        /// How long to listen after <c>OK</c> for the end of output that only comes when the statement failed (a
        /// traceback naming <c>bootloader</c> means the firmware has none, §3.0 step 5); a line that goes quiet or
        /// away within it is the statement working.
        /// </param>
        /// <param name="cancellationToken">Ctrl+C.</param>
        /// <exception cref="FirmwareError">The statement raised within the window (MicroPythonCodeFailed).</exception>
        public void Launch(string code, TimeSpan refusalWindow, CancellationToken cancellationToken)
        {
            if (code is null)
            {
                throw new ArgumentNullException(nameof(code));
            }

            if (!InRawRepl)
            {
                throw new InvalidOperationException("Enter the raw REPL first.");
            }

            WritePlain(Encoding.UTF8.GetBytes(code), cancellationToken);
            InRawRepl = false;
            try
            {
                // The output itself is of no interest: only a statement that fails ends it within the window.
                receiver.ReadUntil(EndOfText, "the end of the output (only a failing statement ends)", refusalWindow, bounded: true, cancellationToken);
            }
            catch (FirmwareToolsException e)
            {
                // Quiet, or gone: what a board leaving for its bootloader does.
                log.Debug($"{PortName}: after OK: {e.Message}");
                return;
            }

            byte[] error = receiver.ReadUntil(EndOfText, "the end of the error text (\\x04)", options.Timeout, bounded: false, cancellationToken);
            throw MicroPythonErrors.CodeFailed(PortName, ReplReceiver.Decode(error));
        }

        /// <summary>Leaves the raw REPL for the friendly one (Ctrl-B), as the board was before.</summary>
        public void Exit(CancellationToken cancellationToken)
        {
            if (!InRawRepl)
            {
                return;
            }

            InRawRepl = false;
            log.Verbose($"{PortName}: leaving the raw REPL (Ctrl-B)");
            Send(new byte[] { (byte)'\r', CtrlB }, cancellationToken);
        }

        /// <summary>Leaves the raw REPL if still in it; a port that is already gone is no error here.</summary>
        public void Dispose()
        {
            try
            {
                Exit(CancellationToken.None);
            }
            catch (Exception e) when (e is SerialPortLostException || e is ObjectDisposedException || e is OperationCanceledException)
            {
                log.Debug($"{PortName}: could not send Ctrl-B on the way out: {e.Message}");
            }
        }

        /// <summary>Finds "raw REPL; CTRL-B to exit", an optional \r, \n, then "&gt;": the end of the raw greeting whatever the line ends.</summary>
        private static (int Start, int Length)? FindBannerAndPrompt(List<byte> buffer)
        {
            int from = 0;
            while (ReplReceiver.Find(buffer, BannerBytes, from) is int at)
            {
                int i = at + BannerBytes.Length;
                if (i < buffer.Count && buffer[i] == '\r')
                {
                    i++;
                }

                if (i < buffer.Count && buffer[i] == '\n')
                {
                    i++;
                    if (i < buffer.Count && buffer[i] == '>')
                    {
                        return (at, i + 1 - at);
                    }
                }

                if (i >= buffer.Count)
                {
                    return null; // The rest is still on its way.
                }

                from = at + 1;
            }

            return null;
        }

        private bool TryRawPaste(byte[] code, CancellationToken cancellationToken)
        {
            Send(new byte[] { CtrlE, (byte)'A', CtrlA }, cancellationToken);
            byte[] answer = receiver.ReadExact(2, "the answer to the raw-paste request (\"R\\x00\" or \"R\\x01\")", options.Timeout, cancellationToken);
            if (answer[0] == 'R' && answer[1] == 0)
            {
                log.Verbose($"{PortName}: the board refuses raw-paste mode; using plain raw mode");
                rawPasteSupported = false;
                return false;
            }

            if (answer[0] != 'R' || answer[1] != 1)
            {
                // Firmware older than raw-paste (before 1.14) takes \x05A\x01 as noise plus a Ctrl-A and greets again.
                receiver.Unread(answer);
                receiver.ReadUntil(FindBannerAndPrompt, "the raw REPL prompt after the raw-paste request", options.Timeout, bounded: true, cancellationToken);
                log.Verbose($"{PortName}: the firmware predates raw-paste mode; using plain raw mode");
                rawPasteSupported = false;
                return false;
            }

            rawPasteSupported = true;
            byte[] header = receiver.ReadExact(2, "the raw-paste window size", options.Timeout, cancellationToken);
            int window = LittleEndian.ReadUInt16(header, 0);
            if (window == 0)
            {
                throw MicroPythonErrors.ReplProtocolError(PortName, "the board offered raw-paste mode with a window of 0 bytes", receiver.LastSeen);
            }

            int credit = window;
            int sent = 0;
            while (sent < code.Length)
            {
                // Take every flow-control byte that has arrived; wait for one only when the window is used up.
                byte[] control = credit == 0
                    ? receiver.ReadExact(1, "raw-paste flow control (\\x01)", options.Timeout, cancellationToken)
                    : receiver.TakeAvailable(cancellationToken);
                foreach (byte b in control)
                {
                    if (b == CtrlA)
                    {
                        credit += window;
                    }
                    else if (b == CtrlD)
                    {
                        // The board ended the paste early (it was interrupted); acknowledge as the protocol asks.
                        Send(EndOfText, cancellationToken);
                        throw MicroPythonErrors.ReplProtocolError(PortName, "the board ended raw-paste mode before all code was sent", receiver.LastSeen);
                    }
                    else
                    {
                        throw MicroPythonErrors.ReplProtocolError(PortName, $"unexpected byte 0x{b:x2} during raw-paste flow control", receiver.LastSeen);
                    }
                }

                int n = Math.Min(credit, code.Length - sent);
                if (n > 0)
                {
                    Send(code, sent, n, cancellationToken);
                    sent += n;
                    credit -= n;
                }
            }

            Send(EndOfText, cancellationToken);
            byte[] beforeAck = receiver.ReadUntil(EndOfText, "the board's acknowledgement of the end of the pasted code (\\x04)", options.Timeout, bounded: true, cancellationToken);
            foreach (byte b in beforeAck)
            {
                if (b != CtrlA)
                {
                    throw MicroPythonErrors.ReplProtocolError(PortName, $"unexpected byte 0x{b:x2} before the raw-paste acknowledgement", receiver.LastSeen);
                }
            }

            return true;
        }

        private void WritePlain(byte[] code, CancellationToken cancellationToken)
        {
            for (int i = 0; i < code.Length; i += PlainChunk)
            {
                if (i > 0)
                {
                    Pause(TimeSpan.FromMilliseconds(10), cancellationToken);
                }

                Send(code, i, Math.Min(PlainChunk, code.Length - i), cancellationToken);
            }

            Send(EndOfText, cancellationToken);
            if (LineEchoes)
            {
                // The echo of our own code and its Ctrl-D comes first; the board's OK follows it.
                receiver.ReadUntil(EndOfText, "the echo of the code", options.Timeout, bounded: true, cancellationToken);
            }

            byte[] skipped = receiver.ReadUntil(Ok, "\"OK\" after the code", options.Timeout, bounded: true, cancellationToken);
            if (skipped.Length > 0)
            {
                log.Debug($"{PortName}: skipped before OK: {ReplText.Escape(skipped)}");
            }
        }

        private void Send(byte[] bytes, CancellationToken cancellationToken) => Send(bytes, 0, bytes.Length, cancellationToken);

        private void Send(byte[] bytes, int offset, int count, CancellationToken cancellationToken)
        {
            log.Debug("REPL -> " + ReplText.Escape(new ArraySegment<byte>(bytes, offset, count)));
            port.Write(bytes, offset, count, cancellationToken);
        }

        private static void Pause(TimeSpan pause, CancellationToken cancellationToken)
        {
            if (pause > TimeSpan.Zero && cancellationToken.WaitHandle.WaitOne(pause))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }
}
