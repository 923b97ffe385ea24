using System.Collections.Generic;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// The client's side of Telnet option negotiation (RFC 855, with RFC 1143's rule that a request already in force is
    /// not answered again) for an RFC 2217 session: which options each side asked for and has in force, and the answer a
    /// DO, DONT, WILL or WONT from the server calls for. Only BINARY, SGA and COM-PORT-OPTION are accepted (and the
    /// server's ECHO, ser2net's way of saying it expects no local echo, as pyserial accepts it). Not thread-safe: the
    /// port calls it under its reply lock.
    /// </summary>
    internal sealed class TelnetOptions
    {
        private readonly bool[] weRequested = new bool[256];
        private readonly bool[] weActive = new bool[256];
        private readonly bool[] theyRequested = new bool[256];
        private readonly bool[] theyActive = new bool[256];

        /// <summary>True once the server answered our WILL COM-PORT-OPTION with DONT.</summary>
        public bool ComPortRefused { get; private set; }

        /// <summary>True while the server lets us send <paramref name="option"/> (it answered DO).</summary>
        public bool WeMay(byte option) => weActive[option];

        /// <summary>
        /// The opening offer, each option marked as requested: WILL COM-PORT-OPTION (we must be allowed to send its
        /// commands), and BINARY and SGA both ways so that no NVT translation touches the data; a server may refuse
        /// the latter (ser2net only acknowledges the client's side, as pyserial's notes say).
        /// </summary>
        public byte[] Offer()
        {
            var offer = new List<byte>();
            foreach (byte option in new[] { Rfc2217.COM_PORT_OPTION, Rfc2217.TRANSMIT_BINARY, Rfc2217.SUPPRESS_GO_AHEAD })
            {
                weRequested[option] = true;
                offer.AddRange(new[] { Rfc2217.IAC, Rfc2217.WILL, option });
            }

            foreach (byte option in new[] { Rfc2217.TRANSMIT_BINARY, Rfc2217.SUPPRESS_GO_AHEAD })
            {
                theyRequested[option] = true;
                offer.AddRange(new[] { Rfc2217.IAC, Rfc2217.DO, option });
            }

            return offer.ToArray();
        }

        /// <summary>Takes the server's <paramref name="command"/> for <paramref name="option"/>; returns the verb to answer with, or null for none.</summary>
        public byte? Answer(byte command, byte option)
        {
            switch (command)
            {
                case Rfc2217.DO:
                    if (!Accepted(option))
                    {
                        return Rfc2217.WONT;
                    }

                    if (weActive[option])
                    {
                        return null;
                    }

                    weActive[option] = true;
                    return weRequested[option] ? (byte?)null : Rfc2217.WILL;
                case Rfc2217.DONT:
                    if (option == Rfc2217.COM_PORT_OPTION && weRequested[option])
                    {
                        ComPortRefused = true;
                    }

                    if (!weActive[option])
                    {
                        return null;
                    }

                    weActive[option] = false;
                    return Rfc2217.WONT;
                case Rfc2217.WILL:
                    if (!Accepted(option) && option != Rfc2217.ECHO)
                    {
                        return Rfc2217.DONT;
                    }

                    if (theyActive[option])
                    {
                        return null;
                    }

                    theyActive[option] = true;
                    return theyRequested[option] ? (byte?)null : Rfc2217.DO;
                case Rfc2217.WONT:
                    if (!theyActive[option])
                    {
                        return null;
                    }

                    theyActive[option] = false;
                    return Rfc2217.DONT;
                default:
                    return null;
            }
        }

        private static bool Accepted(byte option) =>
            option == Rfc2217.TRANSMIT_BINARY || option == Rfc2217.SUPPRESS_GO_AHEAD || option == Rfc2217.COM_PORT_OPTION;
    }
}
