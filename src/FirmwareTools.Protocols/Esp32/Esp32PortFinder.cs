using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// Finds a board again after a reset made its USB port re-enumerate under another name (docs/protocols/esp32-family.md
    /// §3.5): by its USB serial number read as a MAC (the USJ's <c>AA:BB:CC:DD:EE:FF</c> and TinyUSB's 16 hex digits both
    /// start with the base MAC), else by the USB location of the socket it is plugged into. Never the "only new port": two
    /// boards with the same USB ids must not be confused.
    /// </summary>
    public sealed class Esp32PortFinder
    {
        private readonly Func<IReadOnlyList<SerialPortInfo>> listPorts;

        public Esp32PortFinder(Func<IReadOnlyList<SerialPortInfo>> listPorts, TimeSpan timeout)
        {
            this.listPorts = listPorts ?? throw new ArgumentNullException(nameof(listPorts));
            Timeout = timeout;
        }

        /// <summary>How long the board may take to come back (esptool re-opens for about 1.5 s; OTG needs the ROM to start).</summary>
        public TimeSpan Timeout { get; }

        /// <summary>Pause between two listings.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

        /// <summary>The MAC (12 lower-case hex digits) a USB serial number carries, or null when it carries none.</summary>
        public static string? MacOf(string? serialNumber)
        {
            if (serialNumber is null)
            {
                return null;
            }

            var hex = new StringBuilder();
            foreach (char c in serialNumber)
            {
                if (Uri.IsHexDigit(c))
                {
                    hex.Append(char.ToLowerInvariant(c));
                }
                else if (c != ':' && c != '-')
                {
                    return null;
                }
            }

            return hex.Length >= 12 ? hex.ToString(0, 12) : null;
        }

        /// <summary>
        /// Waits until the board that was <paramref name="before"/> is listed again and returns its port name.
        /// </summary>
        /// <exception cref="FirmwareError">Esp32PortNotTraceable, Esp32BoardAmbiguous or Esp32BoardNotBack.</exception>
        public string FindAgain(SerialPortInfo before, CancellationToken cancellationToken)
        {
            if (before is null)
            {
                throw new ArgumentNullException(nameof(before));
            }

            string? mac = MacOf(before.SerialNumber);
            string? location = before.UsbLocation;
            if (mac is null && string.IsNullOrEmpty(location))
            {
                throw Esp32Errors.PortNotTraceable(before.Port);
            }

            string identity = mac != null
                ? string.Format(CultureInfo.InvariantCulture, "USB serial number {0} (MAC {1})", before.SerialNumber, mac)
                : $"USB location {location}";
            DateTime deadline = DateTime.UtcNow + Timeout;
            while (true)
            {
                List<SerialPortInfo> matches = listPorts().Where(p => mac != null ? MacOf(p.SerialNumber) == mac : string.Equals(p.UsbLocation, location, StringComparison.Ordinal)).ToList();
                if (matches.Count == 1)
                {
                    return matches[0].Port;
                }

                if (matches.Count > 1)
                {
                    throw Esp32Errors.BoardAmbiguous(before.Port, identity, string.Join(", ", matches.Select(p => p.Port)));
                }

                if (DateTime.UtcNow >= deadline)
                {
                    throw Esp32Errors.BoardNotBack(before.Port, identity, Timeout);
                }

                if (cancellationToken.WaitHandle.WaitOne(PollInterval))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
    }
}
