using System.Collections.Generic;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>Lists the machine's serial ports (filled in by the per-OS readers).</summary>
    public static class SerialPortFinder
    {
        public static IReadOnlyList<SerialPortInfo> Find() => new List<SerialPortInfo>();
    }
}
