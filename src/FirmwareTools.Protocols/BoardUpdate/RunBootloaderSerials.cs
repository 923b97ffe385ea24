using System;
using System.Collections.Generic;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>
    /// The USB serial numbers the boards planned in one run will show in their bootloaders (a pyboard's DFU serial from its
    /// unique id, a Pico's BOOTSEL serial), gathered as each board is planned. A route that falls back on "the only new
    /// bootloader device" (docs/protocols/board-update.md §2.2 rule 3, for a board whose own serial did not appear) never
    /// takes one of these: in a lab updated several boards at a time, the one new device is usually another board's, on
    /// its way to being flashed by that board's own route.
    /// </summary>
    public sealed class RunBootloaderSerials
    {
        private readonly object gate = new object();
        private readonly Dictionary<string, string> owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Records that the board on <paramref name="port"/> will show one of <paramref name="serials"/> in its bootloader.</summary>
        public void Expect(string port, IEnumerable<string> serials)
        {
            if (serials is null)
            {
                throw new ArgumentNullException(nameof(serials));
            }

            lock (gate)
            {
                foreach (string serial in serials)
                {
                    owners[serial.Trim()] = port;
                }
            }
        }

        /// <summary>The port of another board of the run whose bootloader shows <paramref name="serial"/>, or null.</summary>
        public string? OtherBoard(string? serial, string port)
        {
            if (string.IsNullOrWhiteSpace(serial))
            {
                return null;
            }

            lock (gate)
            {
                return owners.TryGetValue(serial!.Trim(), out string? owner) && !string.Equals(owner, port, StringComparison.Ordinal) ? owner : null;
            }
        }
    }
}
