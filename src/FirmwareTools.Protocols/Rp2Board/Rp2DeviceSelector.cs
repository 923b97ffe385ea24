using System;
using System.Collections.Generic;
using System.Linq;

namespace FirmwareTools.Protocols.Rp2Board
{
    /// <summary>Picks the one board a command writes: the only board in BOOTSEL, or the one with the serial number asked for.</summary>
    public static class Rp2DeviceSelector
    {
        /// <param name="boards">The boards in BOOTSEL mode.</param>
        /// <param name="serialNumber">-SerialNumber, compared without regard to case (an RP2350's MicroPython serial is its BOOTSEL serial in lower case).</param>
        /// <param name="runningBoards">MicroPython rp2 boards on the bus (2E8A:0005): named in the error when no board is in BOOTSEL.</param>
        public static Rp2Device Select(IReadOnlyList<Rp2Device> boards, string? serialNumber, int runningBoards)
        {
            if (boards is null)
            {
                throw new ArgumentNullException(nameof(boards));
            }

            var matching = serialNumber is null
                ? boards.ToList()
                : boards.Where(b => string.Equals(b.SerialNumber, serialNumber, StringComparison.OrdinalIgnoreCase)).ToList();
            if (matching.Count == 1)
            {
                return matching[0];
            }

            if (matching.Count == 0)
            {
                string running = runningBoards > 0
                    ? $" {runningBoards} board(s) running MicroPython (2E8A:0005) are on the bus: a running board is not in BOOTSEL mode."
                    : string.Empty;
                string what = serialNumber is null ? "No Raspberry Pi board is in BOOTSEL mode (2E8A:0003 RP2040, 2E8A:000F RP2350)." : $"No board in BOOTSEL mode has serial number {serialNumber}; found: {Names(boards)}.";
                throw Rp2BoardErrors.DeviceNotFound(what + running, serialNumber,
                    "Hold the BOOTSEL button while plugging the board in (or run machine.bootloader() on it), then list it with Get-Rp2Device.");
            }

            throw Rp2BoardErrors.DeviceAmbiguous(
                $"{matching.Count} boards are in BOOTSEL mode ({Names(matching)}) and nothing says which one to write.",
                "Name one with -SerialNumber, or pipe the one you mean: Get-Rp2Device | Where-Object Location -eq '1-1.3' | Install-Rp2Firmware ... (RP2040 boards share one BOOTSEL serial, so pick them by Location).");
        }

        private static string Names(IEnumerable<Rp2Device> boards)
        {
            string names = string.Join(", ", boards.Select(b => b.ToString()));
            return names.Length == 0 ? "none" : names;
        }
    }
}
