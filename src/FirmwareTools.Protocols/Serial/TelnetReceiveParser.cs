using System;
using System.IO;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// The receiving half of a Telnet (RFC 854/855) stream as <see cref="Rfc2217SerialPort"/> reads it: data bytes come out
    /// with IAC IAC unescaped, WILL/WONT/DO/DONT and subnegotiation blocks (IAC SB ... IAC SE) are handed to callbacks, other
    /// two-byte commands are dropped. Chunking does not matter: the state survives between calls. Kept apart from the
    /// socket so it can be fed bytes directly (the rfc2217 fuzz target).
    /// </summary>
    internal sealed class TelnetReceiveParser
    {
        /// <summary>
        /// Longest subnegotiation block kept. RFC 2217 replies carry a few bytes (a SIGNATURE text a few dozen); a server
        /// that never sends IAC SE must not grow memory without bound, so a longer block is dropped as a whole.
        /// </summary>
        public const int MaxSubnegotiation = 1024;

        private readonly Action<byte[], int> onData;
        private readonly Action<byte, byte> onNegotiation;
        private readonly Action<byte[]> onSubnegotiation;
        private State state;
        private byte verb;
        private MemoryStream? subnegotiation;
        private bool oversized;

        /// <param name="onData">Called with a buffer and the count of plain data bytes at its start (before a subnegotiation is handed over, and at the end of each chunk).</param>
        /// <param name="onNegotiation">Called with the verb (WILL, WONT, DO, DONT) and the option.</param>
        /// <param name="onSubnegotiation">Called with the bytes between IAC SB and IAC SE, IAC IAC unescaped.</param>
        public TelnetReceiveParser(Action<byte[], int> onData, Action<byte, byte> onNegotiation, Action<byte[]> onSubnegotiation)
        {
            this.onData = onData ?? throw new ArgumentNullException(nameof(onData));
            this.onNegotiation = onNegotiation ?? throw new ArgumentNullException(nameof(onNegotiation));
            this.onSubnegotiation = onSubnegotiation ?? throw new ArgumentNullException(nameof(onSubnegotiation));
        }

        private enum State
        {
            Data,
            Iac,
            Verb,
            Subnegotiation,
            SubnegotiationIac,
        }

        /// <summary>Subnegotiation blocks dropped for being longer than <see cref="MaxSubnegotiation"/>.</summary>
        public int OversizedBlocks { get; private set; }

        public void Feed(byte[] data, int count)
        {
            var plain = new byte[count];
            int n = 0;
            for (int i = 0; i < count; i++)
            {
                byte b = data[i];
                switch (state)
                {
                    case State.Data:
                        if (b == Rfc2217.IAC)
                        {
                            state = State.Iac;
                        }
                        else
                        {
                            plain[n++] = b;
                        }

                        break;
                    case State.Iac:
                        if (b == Rfc2217.IAC)
                        {
                            plain[n++] = b;
                            state = State.Data;
                        }
                        else if (b == Rfc2217.SB)
                        {
                            subnegotiation = new MemoryStream();
                            oversized = false;
                            state = State.Subnegotiation;
                        }
                        else if (b >= Rfc2217.WILL && b <= Rfc2217.DONT)
                        {
                            verb = b;
                            state = State.Verb;
                        }
                        else
                        {
                            // NOP, GA and the other two-byte commands carry nothing a serial client needs.
                            state = State.Data;
                        }

                        break;
                    case State.Verb:
                        onNegotiation(verb, b);
                        state = State.Data;
                        break;
                    case State.Subnegotiation:
                        if (b == Rfc2217.IAC)
                        {
                            state = State.SubnegotiationIac;
                        }
                        else
                        {
                            Keep(b);
                        }

                        break;
                    case State.SubnegotiationIac:
                        if (b == Rfc2217.IAC)
                        {
                            Keep(b);
                            state = State.Subnegotiation;
                        }
                        else
                        {
                            // IAC SE ends it; anything else after IAC inside SB is a framing error we tolerate the same way.
                            // Data that came before the reply is handed over first: a PURGE-DATA acknowledgement wakes
                            // DiscardInput, which clears the buffer, and bytes the board sent before the purge must be
                            // in the buffer by then, not appended after the clear (seen once in a full run).
                            onData(plain, n);
                            plain = new byte[count - i];
                            n = 0;
                            byte[] block = subnegotiation!.ToArray();
                            subnegotiation = null;
                            state = State.Data;
                            if (oversized)
                            {
                                OversizedBlocks++;
                            }
                            else
                            {
                                onSubnegotiation(block);
                            }
                        }

                        break;
                }
            }

            onData(plain, n);
        }

        private void Keep(byte b)
        {
            if (subnegotiation!.Length >= MaxSubnegotiation)
            {
                oversized = true;
                return;
            }

            subnegotiation.WriteByte(b);
        }
    }
}
