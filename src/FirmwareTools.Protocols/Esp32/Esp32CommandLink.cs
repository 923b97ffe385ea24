using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// The command link to the ESP32 ROM loader (esptool's <c>command()</c> / <c>check_command()</c>): SLIP-framed request
    /// packets out, reply frames in, each reply matched to its command by opcode (§1.7). One command at a time, as the ROM
    /// wants: it replies after it has acted on each packet, so the next packet leaves the moment the reply is in. What
    /// arrives outside frames (a boot log, a REPL) is kept for <see cref="Esp32Connector"/> to diagnose. Knows nothing of
    /// chips or flash.
    /// </summary>
    public sealed class Esp32CommandLink
    {
        /// <summary>esptool gives up matching a reply after this many unrelated frames (§1.7).</summary>
        public const int MaxFramesPerReply = 100;

        /// <summary>Tries of an idempotent command whose reply was lost or garbled.</summary>
        public const int CommandAttempts = 3;

        private readonly ISerialPort port;
        private readonly SlipDecoder decoder = new SlipDecoder();
        private readonly byte[] readBuffer = new byte[4096];
        private readonly StringBuilder lineText = new StringBuilder();

        public Esp32CommandLink(ISerialPort port, Esp32Timeouts timeouts, OperationLog? log)
        {
            this.port = port ?? throw new ArgumentNullException(nameof(port));
            Timeouts = timeouts ?? throw new ArgumentNullException(nameof(timeouts));
            Log = log;
        }

        public ISerialPort Port => port;

        public Esp32Timeouts Timeouts { get; }

        public OperationLog? Log { get; }

        public string PortName => port.PortName;

        /// <summary>Corrupted frames dropped so far (bad escapes, overlong frames).</summary>
        public int BadFrames => decoder.BadFrames;

        /// <summary>A request of ours came back: the other end echoes, as a REPL does.</summary>
        public bool EchoSeen { get; private set; }

        /// <summary>Text seen outside frames since <see cref="ClearLineText"/> (bounded).</summary>
        public string LineText => lineText.ToString();

        public void ClearLineText()
        {
            lineText.Clear();
            EchoSeen = false;
        }

        /// <summary>Drops what the port has received and any half-decoded frame.</summary>
        public void DiscardInput()
        {
            port.DiscardInput();
            decoder.Reset();
        }

        /// <summary>
        /// Sends a command and returns its matching reply (§1.7), retrying on a lost or garbled reply when the request
        /// allows more than one attempt (only for commands that are safe to repeat).
        /// </summary>
        /// <exception cref="Esp32RomErrorException">The ROM answered with a failure status.</exception>
        /// <exception cref="Esp32ProtocolException">No matching reply after every attempt.</exception>
        public Esp32Response Execute(Esp32CommandRequest request, CancellationToken cancellationToken)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            Esp32Command command = request.Command;
            for (int attempt = 1; ; attempt++)
            {
                Send(command, request.Data, request.Checksum, cancellationToken);
                Esp32Response? reply = AwaitReply(command, request.Timeout, cancellationToken);
                if (reply != null)
                {
                    (byte status, byte error) = reply.StatusFor(request.ExpectedDataLength);
                    if (status != 0)
                    {
                        throw new Esp32RomErrorException(PortName, command, status, error);
                    }

                    if (reply.Data.Length < request.ExpectedDataLength + 2)
                    {
                        throw new Esp32ProtocolException(PortName, $"The reply to {Esp32Protocol.Name(command)} on {PortName} carries {reply.Data.Length} bytes; expected {request.ExpectedDataLength} bytes and the status.");
                    }

                    return reply;
                }

                string seen = NoteGarbage();
                if (attempt >= request.Attempts)
                {
                    throw new Esp32ProtocolException(PortName,
                        $"No reply to {Esp32Protocol.Name(command)} from the ESP32-family chip on {PortName} within {request.Timeout.TotalSeconds:0.###} s" +
                        (request.Attempts > 1 ? $" ({request.Attempts} tries)" : string.Empty) +
                        (seen.Length > 0 ? $"; the line carried: {Printable(seen)}" : string.Empty) +
                        (decoder.BadFrames > 0 ? $"; {decoder.BadFrames} corrupted frames were dropped" : string.Empty) + ".");
                }

                Log.Debug($"No reply to {Esp32Protocol.Name(command)} (try {attempt} of {request.Attempts}); sending it again.");
            }
        }

        /// <summary>READ_REG, repeated on a lost reply (reading is safe to repeat).</summary>
        public uint ReadRegister(uint address, CancellationToken cancellationToken = default) =>
            Execute(new Esp32CommandRequest(Esp32Command.ReadReg, Esp32Packet.Words(address), Timeouts.Default) { Attempts = CommandAttempts }, cancellationToken).Value;

        /// <summary>WRITE_REG of <paramref name="value"/> under <paramref name="mask"/>, with the ROM's optional delay after it.</summary>
        public void WriteRegister(uint address, uint value, uint mask = 0xFFFFFFFF, uint delayMicroseconds = 0, CancellationToken cancellationToken = default) =>
            Execute(new Esp32CommandRequest(Esp32Command.WriteReg, Esp32Packet.Words(address, value, mask, delayMicroseconds), Timeouts.Default) { Attempts = CommandAttempts }, cancellationToken);

        public void Send(Esp32Command command, byte[] data, uint checksum, CancellationToken cancellationToken) =>
            SendFrame(Esp32Packet.Frame(command, data, checksum), cancellationToken);

        /// <summary>Writes an already framed packet (a DATA frame built while the ROM worked on the previous one).</summary>
        public void SendFrame(byte[] frame, CancellationToken cancellationToken) => port.Write(frame, 0, frame.Length, cancellationToken);

        /// <summary>
        /// The reply to <paramref name="command"/>, or null when none came within <paramref name="timeout"/>. Stale replies
        /// (extra SYNC answers, the late answer to a retried command) are skipped; a failure reported under another opcode
        /// means this command is unsupported here (§1.7).
        /// </summary>
        public Esp32Response? AwaitReply(Esp32Command command, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            for (int frames = 0; frames < MaxFramesPerReply; frames++)
            {
                TimeSpan left = timeout - clock.Elapsed;
                byte[]? frame = left > TimeSpan.Zero ? ReadFrame(left, cancellationToken) : null;
                if (frame is null)
                {
                    return null;
                }

                if (!Esp32Response.TryParse(frame, out Esp32Response? reply) || reply is null)
                {
                    continue;
                }

                if (!reply.IsResponse)
                {
                    NoteFrame(frame);
                    continue;
                }

                if (reply.Opcode == (byte)command)
                {
                    return reply;
                }

                if (reply.IsUnsupportedCommand && reply.Opcode != (byte)Esp32Command.Sync)
                {
                    // §1.7: a failure with "invalid message format" under another opcode: this command is not supported here.
                    throw new Esp32RomErrorException(PortName, command, reply.Data[0], reply.Data[1]);
                }

                // A stale reply (an extra SYNC answer, the late answer to a retried command): skip it.
            }

            return null;
        }

        /// <summary>The next decoded SLIP frame, or null when none completes within <paramref name="timeout"/>.</summary>
        public byte[]? ReadFrame(TimeSpan timeout, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                if (decoder.TryTake(out byte[] frame))
                {
                    return frame;
                }

                TimeSpan left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    return null;
                }

                int n = port.Read(readBuffer, 0, readBuffer.Length, left, cancellationToken);
                if (n > 0)
                {
                    decoder.Feed(readBuffer, 0, n);
                }
            }
        }

        /// <summary>Notes a frame that is not a reply: our own request coming back (direction 0x00) means an echo.</summary>
        public void NoteFrame(byte[] frame)
        {
            if (frame.Length >= 2 && frame[0] == Esp32Packet.RequestDirection)
            {
                EchoSeen = true;
            }
        }

        /// <summary>Takes the bytes seen outside frames, adds them to <see cref="LineText"/> and returns them as text.</summary>
        public string NoteGarbage()
        {
            byte[] garbage = decoder.TakeGarbage();
            if (garbage.Length == 0)
            {
                return string.Empty;
            }

            var text = new string(garbage.Select(g => (char)g).ToArray());
            if (lineText.Length < SlipDecoder.MaxGarbage * 4)
            {
                lineText.Append(text);
            }

            return text;
        }

        /// <summary>The last 200 characters of line text, quoted, with control characters escaped, for a message.</summary>
        public static string Printable(string text)
        {
            var sb = new StringBuilder();
            foreach (char c in text.Length > 200 ? text.Substring(text.Length - 200) : text)
            {
                sb.Append(c >= ' ' && c < 0x7F ? c.ToString() : c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }

            return "'" + sb + "'";
        }
    }
}
