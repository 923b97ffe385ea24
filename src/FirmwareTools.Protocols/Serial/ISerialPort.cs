using System;
using System.Threading;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// The serial seam: what the ESP32 ROM loader client, the Pycom PIC channel and the MicroPython REPL client
    /// need from a port, and nothing more. Backends: OS ports (System.IO.Ports), <c>socket://host:port</c> (raw TCP),
    /// <c>rfc2217://host:port</c> (Telnet COM-PORT-OPTION) and the simulators' in-process link.
    /// </summary>
    /// <remarks>
    /// Modem lines follow the USB-UART convention: <c>true</c> means asserted, which drives the pin low
    /// (docs/protocols/esp32-rom-loader.md §3.1). A backend that cannot carry a setting (a raw TCP socket has no DTR) ignores it
    /// and says so through <see cref="SupportsModemLines"/>, so callers can pick a reset strategy that works.
    /// </remarks>
    public interface ISerialPort : IDisposable
    {
        /// <summary>The name the user gave: <c>COM5</c>, <c>/dev/ttyUSB0</c>, <c>socket://127.0.0.1:4000</c>.</summary>
        string PortName { get; }

        /// <summary>Line speed; setting it on an open port reconfigures the line (CHANGE_BAUDRATE follows with this).</summary>
        int BaudRate { get; set; }

        /// <summary>Data bits per character, 5 to 8. The Pycom PIC treats 5-bit traffic as its command channel.</summary>
        int DataBits { get; set; }

        /// <summary>DTR asserted (pin low). On the DevKit auto-reset circuit DTR drives GPIO0.</summary>
        bool DtrEnable { get; set; }

        /// <summary>RTS asserted (pin low). On the DevKit auto-reset circuit RTS drives EN (reset).</summary>
        bool RtsEnable { get; set; }

        /// <summary>False when DTR/RTS go nowhere (raw TCP): a reset through the modem lines is impossible.</summary>
        bool SupportsModemLines { get; }

        /// <summary>
        /// Sets DTR and RTS together, in one operation where the backend can (one ioctl), so the chip never sees the
        /// intermediate state (esptool's UnixTightReset).
        /// </summary>
        void SetModemLines(bool dtr, bool rts);

        /// <summary>
        /// Reads up to <paramref name="count"/> bytes. Returns as soon as at least one byte is there, or 0 when
        /// <paramref name="timeout"/> passed with nothing received.
        /// </summary>
        /// <exception cref="SerialPortLostException">The port went away (unplugged, connection closed).</exception>
        /// <exception cref="OperationCanceledException">The token was cancelled while waiting.</exception>
        int Read(byte[] buffer, int offset, int count, TimeSpan timeout, CancellationToken cancellationToken);

        /// <summary>Queues bytes for sending; returns when the backend accepted them (see <see cref="Drain"/>).</summary>
        /// <exception cref="SerialPortLostException">The port went away.</exception>
        void Write(byte[] buffer, int offset, int count, CancellationToken cancellationToken);

        /// <summary>Waits until every written byte has left (tcdrain), so a baud change does not cut a frame short.</summary>
        void Drain(CancellationToken cancellationToken);

        /// <summary>Drops bytes received but not yet read (a boot log, stale replies).</summary>
        void DiscardInput();

        /// <summary>Drops bytes written but not yet sent.</summary>
        void DiscardOutput();
    }
}
