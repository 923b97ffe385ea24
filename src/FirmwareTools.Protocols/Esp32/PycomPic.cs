using System;
using System.Threading;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// The command channel of the PIC16 USB bridge on Pycom's Expansion Board 3.x, Pysense and Pytrack (docs/protocols/esp32-rom-loader.md §3.6; Pycom's
    /// updater, pypic.py): while the host's line coding says 5 data bits, the PIC takes the bytes as its own commands
    /// instead of passing them to the module. Its port pins drive the module: RC5 is the module's reset (EN), RC0 its
    /// GPIO0 strap. Entering programming mode holds GPIO0 low and pulses reset, so the ESP32 boots into its ROM loader.
    /// </summary>
    public sealed class PycomPic
    {
        /// <summary>The PIC reads its command channel at this rate [S pypic.py].</summary>
        public const int CommandBaudRate = 115200;

        /// <summary>Line coding with 5 data bits switches the PIC to its command channel [S].</summary>
        public const int CommandDataBits = 5;

        /// <summary>Normal 8N1 traffic passes through to the module.</summary>
        public const int PassThroughDataBits = 8;

        public const byte CMD_PEEK = 0x00;
        public const byte CMD_POKE = 0x01;

        /// <summary>[CMD_MAGIC, addr lo, addr hi, and, or, xor]: register = ((register &amp; and) | or) ^ xor [S].</summary>
        public const byte CMD_MAGIC = 0x02;
        public const byte CMD_HW_VER = 0x10;
        public const byte CMD_FW_VER = 0x11;
        public const byte CMD_PROD_ID = 0x12;

        /// <summary>PIC16 special function registers the updater writes [S pypic.py].</summary>
        public const ushort PORTA_ADDR = 0x00C;
        public const ushort PORTC_ADDR = 0x00E;
        public const ushort TRISA_ADDR = 0x08C;
        public const ushort TRISC_ADDR = 0x08E;

        /// <summary>RA5: driven low in programming mode, high after [S]; what it connects to on the carrier is not documented [U].</summary>
        public const int RA5 = 5;

        /// <summary>RC0: the module's GPIO0 (G23) strap, low = ROM download at the next reset [S pypic.py comments; wiring I].</summary>
        public const int RC0 = 0;

        /// <summary>RC5: the module's reset (EN), pulsed low to reset it [S "reset_pycom_module"].</summary>
        public const int RC5 = 5;

        /// <summary>Oldest PIC firmware that has the command channel the updater uses [S: "PIC firmware out of date" below 6].</summary>
        public const int MinimumFirmwareVersion = 6;

        private readonly ISerialPort port;
        private readonly OperationLog? log;

        public PycomPic(ISerialPort port, OperationLog? log = null)
        {
            this.port = port ?? throw new ArgumentNullException(nameof(port));
            this.log = log;
        }

        /// <summary>How long RC5 (reset) is held low [S: 200 ms].</summary>
        public TimeSpan ResetPulse { get; init; } = TimeSpan.FromMilliseconds(200);

        /// <summary>How long after releasing reset before RC5 becomes an input again [S: 100 ms].</summary>
        public TimeSpan ResetRecovery { get; init; } = TimeSpan.FromMilliseconds(100);

        /// <summary>How long to wait for a reply on the command channel [S: pyserial timeout 0.25 s].</summary>
        public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromMilliseconds(250);

        /// <summary>
        /// Holds GPIO0 low (RA5 and RC0 driven low) and pulses the module's reset, so it boots into the ROM loader; the port
        /// is back at 8 data bits afterwards, ready for SYNC without any DTR/RTS reset.
        /// </summary>
        /// <exception cref="FirmwareError">PycomPicNoAnswer: No PIC answered, or its firmware is older than 6.</exception>
        public void EnterProgrammingMode(CancellationToken cancellationToken = default)
        {
            Run(() =>
            {
                int firmware = Query(CMD_FW_VER, cancellationToken)
                               ?? throw Esp32Errors.PycomPicNoAnswer(port.PortName, $"no reply to the firmware version query (5 data bits at {CommandBaudRate} baud) within {ReplyTimeout.TotalMilliseconds:0} ms; this is not a Pycom Expansion Board 3, Pysense or Pytrack, or its PIC is in DFU mode.");
                if (firmware < MinimumFirmwareVersion)
                {
                    throw Esp32Errors.PycomPicNoAnswer(port.PortName, $"its PIC firmware is version {firmware}; the programming mode needs {MinimumFirmwareVersion} or later.");
                }

                int product = Query(CMD_PROD_ID, cancellationToken) ?? 0;
                log.Verbose($"Pycom PIC on {port.PortName}: product id 0x{product:X4}, firmware {firmware}; entering programming mode (GPIO0 low, reset pulse).");
                Mask(TRISA_ADDR, RA5, cancellationToken);
                Mask(PORTA_ADDR, RA5, cancellationToken);
                Mask(TRISC_ADDR, RC0, cancellationToken);
                Mask(PORTC_ADDR, RC0, cancellationToken);
                ResetModule(cancellationToken);
            }, cancellationToken);
        }

        /// <summary>RA5 high, GPIO0 released (RC0 an input again), reset pulse: the module boots its firmware.</summary>
        public void ExitProgrammingMode(CancellationToken cancellationToken = default)
        {
            Run(() =>
            {
                log.Verbose($"Pycom PIC on {port.PortName}: leaving programming mode (GPIO0 released, reset pulse).");
                Mask(TRISA_ADDR, RA5, cancellationToken);
                Set(PORTA_ADDR, RA5, cancellationToken);
                Set(TRISC_ADDR, RC0, cancellationToken);
                ResetModule(cancellationToken);
            }, cancellationToken);
        }

        private void Run(Action commands, CancellationToken cancellationToken)
        {
            int baud = port.BaudRate;
            port.DiscardInput();
            port.BaudRate = CommandBaudRate;
            port.DataBits = CommandDataBits;
            try
            {
                commands();
            }
            finally
            {
                // The PIC may answer magic writes; those bytes must not reach the ROM client as a reply.
                port.Drain(cancellationToken);
                Flush(cancellationToken);
                port.DataBits = PassThroughDataBits;
                port.BaudRate = baud;
                port.DiscardInput();
            }
        }

        private void ResetModule(CancellationToken cancellationToken)
        {
            Mask(TRISC_ADDR, RC5, cancellationToken);
            Mask(PORTC_ADDR, RC5, cancellationToken);
            port.Drain(cancellationToken);
            Wait(ResetPulse, cancellationToken);
            Set(PORTC_ADDR, RC5, cancellationToken);
            port.Drain(cancellationToken);
            Wait(ResetRecovery, cancellationToken);
            Set(TRISC_ADDR, RC5, cancellationToken);
        }

        private void Mask(ushort address, int bit, CancellationToken cancellationToken) => Magic(address, (byte)~(1 << bit), 0, 0, cancellationToken);

        private void Set(ushort address, int bit, CancellationToken cancellationToken) => Magic(address, 0xFF, (byte)(1 << bit), 0, cancellationToken);

        private void Magic(ushort address, byte and, byte or, byte xor, CancellationToken cancellationToken)
        {
            var command = new[] { CMD_MAGIC, (byte)(address & 0xFF), (byte)(address >> 8), and, or, xor };
            port.Write(command, 0, command.Length, cancellationToken);
        }

        /// <summary>A one-byte query answered with a 16-bit little-endian value; null when nothing came back.</summary>
        private int? Query(byte command, CancellationToken cancellationToken)
        {
            port.Write(new[] { command }, 0, 1, cancellationToken);
            var reply = new byte[2];
            int got = 0;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (got < 2 && clock.Elapsed < ReplyTimeout)
            {
                got += port.Read(reply, got, 2 - got, ReplyTimeout - clock.Elapsed, cancellationToken);
            }

            return got == 2 ? LittleEndian.ReadUInt16(reply, 0) : (int?)null;
        }

        private void Flush(CancellationToken cancellationToken)
        {
            var buffer = new byte[64];
            while (port.Read(buffer, 0, buffer.Length, TimeSpan.FromMilliseconds(20), cancellationToken) > 0)
            {
            }
        }

        private static void Wait(TimeSpan time, CancellationToken cancellationToken)
        {
            if (time > TimeSpan.Zero && cancellationToken.WaitHandle.WaitOne(time))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }
}
