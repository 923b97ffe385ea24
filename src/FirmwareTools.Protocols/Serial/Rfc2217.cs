namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// Telnet (RFC 854/855) and COM-PORT-OPTION (RFC 2217) codes, named as in the RFCs. Server replies to a
    /// client command carry the command's code plus <see cref="ServerOffset"/>.
    /// </summary>
    internal static class Rfc2217
    {
        // RFC 854 commands.
        public const byte SE = 240;
        public const byte NOP = 241;
        public const byte SB = 250;
        public const byte WILL = 251;
        public const byte WONT = 252;
        public const byte DO = 253;
        public const byte DONT = 254;
        public const byte IAC = 255;

        // Telnet options.
        public const byte TRANSMIT_BINARY = 0;
        public const byte ECHO = 1;
        public const byte SUPPRESS_GO_AHEAD = 3;
        public const byte COM_PORT_OPTION = 44;

        // RFC 2217 client-to-server commands.
        public const byte SIGNATURE = 0;
        public const byte SET_BAUDRATE = 1;
        public const byte SET_DATASIZE = 2;
        public const byte SET_PARITY = 3;
        public const byte SET_STOPSIZE = 4;
        public const byte SET_CONTROL = 5;
        public const byte NOTIFY_LINESTATE = 6;
        public const byte NOTIFY_MODEMSTATE = 7;
        public const byte FLOWCONTROL_SUSPEND = 8;
        public const byte FLOWCONTROL_RESUME = 9;
        public const byte SET_LINESTATE_MASK = 10;
        public const byte SET_MODEMSTATE_MASK = 11;
        public const byte PURGE_DATA = 12;

        /// <summary>Server-to-client codes are the client's plus 100.</summary>
        public const byte ServerOffset = 100;

        // SET-CONTROL values.
        public const byte CONTROL_NO_FLOW_CONTROL = 1;
        public const byte CONTROL_DTR_ON = 8;
        public const byte CONTROL_DTR_OFF = 9;
        public const byte CONTROL_RTS_ON = 11;
        public const byte CONTROL_RTS_OFF = 12;

        // PURGE-DATA values.
        public const byte PURGE_RECEIVE_BUFFER = 1;
        public const byte PURGE_TRANSMIT_BUFFER = 2;
    }
}
