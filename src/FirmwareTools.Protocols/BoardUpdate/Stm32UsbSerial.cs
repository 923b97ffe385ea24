using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>
    /// The USB serial numbers an STM32 board's 12-byte <c>machine.unique_id()</c> shows as (docs/protocols/board-update.md
    /// §2.1): the bytes <c>[11] [10]+[2] [9] [8]+[0] [7] [6]</c> printed <c>%02X</c> from int sums (a sum above 0xFF
    /// prints 3 digits; the ST USB stack [S]), or each cut to 8 bits (TinyUSB and mboot [S]); the ST ROM's DFU serial is
    /// thought to equal the latter when no sum carries [O]/[U]. Both are accepted [I].
    /// </summary>
    public static class Stm32UsbSerial
    {
        public static IReadOnlyList<string> Candidates(byte[] uniqueId)
        {
            if (uniqueId is null || uniqueId.Length != 12)
            {
                return Array.Empty<string>();
            }

            int[] sums =
            {
                uniqueId[11], uniqueId[10] + uniqueId[2], uniqueId[9], uniqueId[8] + uniqueId[0], uniqueId[7], uniqueId[6],
            };
            var wide = new StringBuilder();
            var cut = new StringBuilder();
            foreach (int s in sums)
            {
                wide.Append(s.ToString("X2", CultureInfo.InvariantCulture));
                cut.Append((s & 0xFF).ToString("X2", CultureInfo.InvariantCulture));
            }

            return wide.ToString() == cut.ToString() ? new[] { cut.ToString() } : new[] { cut.ToString(), wide.ToString() };
        }
    }
}
