using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Sockets;
using System.Threading;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// <c>rfc2217://host:port</c>: a remote UART over Telnet with the COM-PORT-OPTION (RFC 2217), so a board on a lab
    /// host (ser2net) can have its baud rate changed and be reset through DTR/RTS. Data bytes 0xFF travel doubled
    /// (IAC IAC) in both directions. Baud rate, data bits, parity, stop bits and purges wait for the server's acknowledgement (command + 100), so
    /// when such a setter returns the far UART has it; DTR/RTS do not (see SetModemLines); the server's line/modem state notifications are kept.
    /// </summary>
    internal sealed class Rfc2217SerialPort : NetworkSerialPort
    {
        private readonly TimeSpan replyTimeout;
        private readonly object replyGate = new object();
        private readonly object commandGate = new object();
        private readonly int[] replyCount = new int[256];
        private readonly byte[][] replyValue = new byte[256][];
        private readonly TelnetOptions options = new TelnetOptions();
        private bool connectionEnded;

        // Receive-thread Telnet parser: data to the receive buffer, option negotiation and COM-PORT-OPTION replies here.
        private readonly TelnetReceiveParser parser;

        private int baudRate;
        private int dataBits;
        private bool dtr;
        private bool rts;

        // False until this client has set both lines: before that they are as the server (or its last client) left them.
        private bool linesKnown;

        private Rfc2217SerialPort(string portName, TcpClient client, SerialPortSettings settings)
            : base(portName, client)
        {
            replyTimeout = settings.ReplyTimeout;
            baudRate = settings.BaudRate;
            dataBits = settings.DataBits;
            parser = new TelnetReceiveParser((data, count) => Received.Write(data, 0, count), OnNegotiation, OnSubnegotiation);
        }

        public override int BaudRate
        {
            get => baudRate;
            set
            {
                if (value <= 0)
                {
                    throw SerialErrors.SettingNotSupported(PortName, $"baud rate {value}", "the baud rate must be positive");
                }

                lock (commandGate)
                {
                    int target = Request(Rfc2217.SET_BAUDRATE, BigEndian(value));
                    WaitForReplies(CancellationToken.None, (Rfc2217.SET_BAUDRATE, target));
                    CheckBaudReply(value);
                    baudRate = value;
                }
            }
        }

        public override int DataBits
        {
            get => dataBits;
            set
            {
                if (value < 5 || value > 8)
                {
                    throw SerialErrors.SettingNotSupported(PortName, $"{value} data bits", "data bits must be 5 to 8");
                }

                lock (commandGate)
                {
                    int target = Request(Rfc2217.SET_DATASIZE, new[] { (byte)value });
                    WaitForReplies(CancellationToken.None, (Rfc2217.SET_DATASIZE, target));
                    CheckByteReply(Rfc2217.SET_DATASIZE, (byte)value, "data bits");
                    dataBits = value;
                }
            }
        }

        public override bool DtrEnable
        {
            get => dtr;
            set => SetControl(CancellationToken.None, value ? Rfc2217.CONTROL_DTR_ON : Rfc2217.CONTROL_DTR_OFF, value, rts);
        }

        public override bool RtsEnable
        {
            get => rts;
            set => SetControl(CancellationToken.None, value ? Rfc2217.CONTROL_RTS_ON : Rfc2217.CONTROL_RTS_OFF, dtr, value);
        }

        public override bool SupportsModemLines => true;

        /// <summary>The last NOTIFY-MODEMSTATE value (CTS 0x10, DSR 0x20, RI 0x40, CD 0x80 and their deltas); null before any.</summary>
        internal byte? ModemState { get; private set; }

        /// <summary>The last NOTIFY-LINESTATE value; null before any.</summary>
        internal byte? LineState { get; private set; }

        /// <summary>Connects the Telnet session, then configures the remote UART and discards whatever it had buffered (a server banner).</summary>
        internal static Rfc2217SerialPort Open(string name, TcpClient client, SerialPortSettings settings, CancellationToken cancellationToken)
        {
            var port = new Rfc2217SerialPort(name, client, settings);
            try
            {
                port.Negotiate(settings, cancellationToken);
                return port;
            }
            catch
            {
                port.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Sends both lines in one TCP segment so they reach the server together; RFC 2217 has no command that sets
        /// both at once, so the board sees one change after the other, with no data in between, in
        /// <see cref="ModemLineOrder"/>'s order: the server's lines may be in any state another client left them in, and
        /// releasing DTR before RTS from (on, on) would pull EN low on the way. SET-CONTROL answers
        /// are not awaited (pyserial does the same): ser2net does not answer DTR/RTS on a port whose driver refuses
        /// the ioctl (observed on a pseudo-terminal), and sredird answers with a wrong value. The server applies
        /// commands in stream order, so bytes written afterwards reach the board after the change.
        /// </summary>
        public override void SetModemLines(bool dtr, bool rts)
        {
            lock (commandGate)
            {
                byte[] dtrFrame = Subnegotiation(Rfc2217.SET_CONTROL, new[] { dtr ? Rfc2217.CONTROL_DTR_ON : Rfc2217.CONTROL_DTR_OFF });
                byte[] rtsFrame = Subnegotiation(Rfc2217.SET_CONTROL, new[] { rts ? Rfc2217.CONTROL_RTS_ON : Rfc2217.CONTROL_RTS_OFF });
                bool rtsFirst = linesKnown ? ModemLineOrder.RtsFirst(this.dtr, this.rts, dtr, rts) : ModemLineOrder.RtsFirst(null, null, dtr, rts);
                byte[] both = rtsFirst ? Concat(rtsFrame, dtrFrame) : Concat(dtrFrame, rtsFrame);
                Send(both, 0, both.Length, CancellationToken.None);
                this.dtr = dtr;
                this.rts = rts;
                linesKnown = true;
            }
        }

        public override void Write(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            int escapes = 0;
            for (int i = offset; i < offset + count; i++)
            {
                if (buffer[i] == Rfc2217.IAC)
                {
                    escapes++;
                }
            }

            if (escapes == 0)
            {
                Send(buffer, offset, count, cancellationToken);
                return;
            }

            var escaped = new byte[count + escapes];
            int n = 0;
            for (int i = offset; i < offset + count; i++)
            {
                escaped[n++] = buffer[i];
                if (buffer[i] == Rfc2217.IAC)
                {
                    escaped[n++] = Rfc2217.IAC;
                }
            }

            Send(escaped, 0, escaped.Length, cancellationToken);
        }

        /// <summary>
        /// Purges the server's receive buffer and waits for its acknowledgement before dropping the local buffer:
        /// the acknowledgement follows every byte the server sent before the purge, so none survives.
        /// </summary>
        public override void DiscardInput()
        {
            lock (commandGate)
            {
                int target = Request(Rfc2217.PURGE_DATA, new[] { Rfc2217.PURGE_RECEIVE_BUFFER });
                WaitForReplies(CancellationToken.None, (Rfc2217.PURGE_DATA, target));
                Received.Clear();
            }
        }

        public override void DiscardOutput()
        {
            lock (commandGate)
            {
                int target = Request(Rfc2217.PURGE_DATA, new[] { Rfc2217.PURGE_TRANSMIT_BUFFER });
                WaitForReplies(CancellationToken.None, (Rfc2217.PURGE_DATA, target));
            }
        }

        protected override void OnReceived(byte[] data, int count) => parser.Feed(data, count);

        protected override void OnConnectionEnded()
        {
            lock (replyGate)
            {
                connectionEnded = true;
                Monitor.PulseAll(replyGate);
            }
        }

        private static byte[] BigEndian(int value) =>
            new[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value };

        private static byte[] Subnegotiation(byte command, byte[] value)
        {
            var frame = new List<byte>(value.Length + 6) { Rfc2217.IAC, Rfc2217.SB, Rfc2217.COM_PORT_OPTION, command };
            foreach (byte b in value)
            {
                frame.Add(b);
                if (b == Rfc2217.IAC)
                {
                    frame.Add(Rfc2217.IAC);
                }
            }

            frame.Add(Rfc2217.IAC);
            frame.Add(Rfc2217.SE);
            return frame.ToArray();
        }

        private static byte[] Concat(params byte[][] parts)
        {
            var all = new List<byte>();
            foreach (byte[] part in parts)
            {
                all.AddRange(part);
            }

            return all.ToArray();
        }

        private static string CommandName(byte command) => command switch
        {
            Rfc2217.SET_BAUDRATE => "SET-BAUDRATE",
            Rfc2217.SET_DATASIZE => "SET-DATASIZE",
            Rfc2217.SET_PARITY => "SET-PARITY",
            Rfc2217.SET_STOPSIZE => "SET-STOPSIZE",
            Rfc2217.SET_CONTROL => "SET-CONTROL",
            Rfc2217.PURGE_DATA => "PURGE-DATA",
            _ => "command " + command.ToString(CultureInfo.InvariantCulture),
        };

        private void Negotiate(SerialPortSettings settings, CancellationToken cancellationToken)
        {
            byte[] offer = options.Offer();

            // Receiving starts only now, so a server that speaks first (IAC DONT COM-PORT-OPTION) meets the flags set.
            StartReceiving();
            lock (replyGate)
            {
                Send(offer, 0, offer.Length, cancellationToken);
                WaitUntil(() => options.WeMay(Rfc2217.COM_PORT_OPTION) || options.ComPortRefused, cancellationToken, "the answer to WILL COM-PORT-OPTION (is this a raw TCP port? then use socket://)");
                if (options.ComPortRefused)
                {
                    throw SerialErrors.ProtocolError(PortName, "it refused the COM-PORT-OPTION (RFC 2217)");
                }
            }

            lock (commandGate)
            {
                var targets = new List<(byte, int)>
                {
                    (Rfc2217.SET_BAUDRATE, Request(Rfc2217.SET_BAUDRATE, BigEndian(settings.BaudRate))),
                    (Rfc2217.SET_DATASIZE, Request(Rfc2217.SET_DATASIZE, new[] { (byte)settings.DataBits })),
                    (Rfc2217.SET_PARITY, Request(Rfc2217.SET_PARITY, new[] { (byte)settings.Parity })),
                    (Rfc2217.SET_STOPSIZE, Request(Rfc2217.SET_STOPSIZE, new[] { (byte)settings.StopBits })),
                };
                WaitForReplies(cancellationToken, targets.ToArray());
                CheckBaudReply(settings.BaudRate);
                CheckByteReply(Rfc2217.SET_DATASIZE, (byte)settings.DataBits, "data bits");
                CheckByteReply(Rfc2217.SET_PARITY, (byte)settings.Parity, "parity");
                CheckByteReply(Rfc2217.SET_STOPSIZE, (byte)settings.StopBits, "stop bits");
                // No flow control; like the modem lines, its SET-CONTROL answer is not awaited (see SetModemLines).
                Request(Rfc2217.SET_CONTROL, new[] { Rfc2217.CONTROL_NO_FLOW_CONTROL });
            }

            if (!settings.LinesUntouched && (settings.Dtr.HasValue || settings.Rts.HasValue))
            {
                SetModemLines(settings.Dtr ?? false, settings.Rts ?? false);
            }

            DiscardInput();
        }

        private void SetControl(CancellationToken cancellationToken, byte value, bool newDtr, bool newRts)
        {
            lock (commandGate)
            {
                byte[] frame = Subnegotiation(Rfc2217.SET_CONTROL, new[] { value });
                Send(frame, 0, frame.Length, cancellationToken);
                dtr = newDtr;
                rts = newRts;
            }
        }

        /// <summary>Sends one COM-PORT-OPTION command; returns the reply count that means "answered".</summary>
        private int Request(byte command, byte[] value)
        {
            int target = CurrentCount(command) + 1;
            byte[] frame = Subnegotiation(command, value);
            Send(frame, 0, frame.Length, CancellationToken.None);
            return target;
        }

        private int CurrentCount(byte command)
        {
            lock (replyGate)
            {
                return replyCount[command + Rfc2217.ServerOffset];
            }
        }

        private void WaitForReplies(CancellationToken cancellationToken, params (byte Command, int Target)[] targets)
        {
            lock (replyGate)
            {
                foreach ((byte command, int target) in targets)
                {
                    WaitUntil(() => replyCount[command + Rfc2217.ServerOffset] >= target, cancellationToken, "its answer to " + CommandName(command));
                }
            }
        }

        /// <summary>Waits on the reply monitor (caller holds it) until the condition holds; no polling.</summary>
        private void WaitUntil(Func<bool> condition, CancellationToken cancellationToken, string what)
        {
            DateTime deadline = DateTime.UtcNow + replyTimeout;
            using (cancellationToken.Register(() =>
            {
                lock (replyGate)
                {
                    Monitor.PulseAll(replyGate);
                }
            }))
            {
                while (!condition())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (connectionEnded)
                    {
                        throw new SerialPortLostException(PortName, "the server closed the connection while waiting for " + what);
                    }

                    TimeSpan left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero)
                    {
                        throw SerialErrors.ProtocolError(PortName, $"no reply within {replyTimeout.TotalSeconds:0.#} s while waiting for {what}");
                    }

                    Monitor.Wait(replyGate, left);
                }
            }
        }

        private void CheckBaudReply(int requested)
        {
            byte[] value;
            lock (replyGate)
            {
                value = replyValue[Rfc2217.SET_BAUDRATE + Rfc2217.ServerOffset];
            }

            // Some servers (sredird) append four zero bytes; the first four are the rate.
            if (value.Length < 4)
            {
                throw SerialErrors.ProtocolError(PortName, "its SET-BAUDRATE answer is shorter than four bytes");
            }

            int actual = (value[0] << 24) | (value[1] << 16) | (value[2] << 8) | value[3];
            if (actual != requested)
            {
                throw SerialErrors.SettingNotSupported(PortName, $"baud rate {requested}", $"the server set {actual} instead");
            }
        }

        private void CheckByteReply(byte command, byte requested, string what)
        {
            byte[] value;
            lock (replyGate)
            {
                value = replyValue[command + Rfc2217.ServerOffset];
            }

            if (value.Length < 1 || value[0] != requested)
            {
                string actual = value.Length < 1 ? "nothing" : value[0].ToString(CultureInfo.InvariantCulture);
                throw SerialErrors.SettingNotSupported(PortName, $"{what} {requested}", $"the server answered {actual} to {CommandName(command)}");
            }
        }

        private void OnNegotiation(byte command, byte option)
        {
            byte? answerVerb;
            lock (replyGate)
            {
                answerVerb = options.Answer(command, option);
                Monitor.PulseAll(replyGate);
            }

            if (answerVerb.HasValue)
            {
                SendQuietly(new[] { Rfc2217.IAC, answerVerb.Value, option });
            }
        }

        private void OnSubnegotiation(byte[] block)
        {
            if (block.Length < 2 || block[0] != Rfc2217.COM_PORT_OPTION)
            {
                return;
            }

            byte code = block[1];
            var value = new byte[block.Length - 2];
            Array.Copy(block, 2, value, 0, value.Length);
            lock (replyGate)
            {
                if (code == Rfc2217.NOTIFY_LINESTATE + Rfc2217.ServerOffset && value.Length > 0)
                {
                    LineState = value[0];
                }
                else if (code == Rfc2217.NOTIFY_MODEMSTATE + Rfc2217.ServerOffset && value.Length > 0)
                {
                    ModemState = value[0];
                }

                replyCount[code]++;
                replyValue[code] = value;
                Monitor.PulseAll(replyGate);
            }
        }

        private void SendQuietly(byte[] frame)
        {
            try
            {
                Send(frame, 0, frame.Length, CancellationToken.None);
            }
            catch (Exception e) when (e is SerialPortLostException || e is ObjectDisposedException)
            {
                // The receive loop sees the same broken connection and reports it to readers.
            }
        }
    }
}
