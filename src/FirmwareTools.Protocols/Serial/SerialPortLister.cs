using System;
using System.Collections.Generic;
using System.Linq;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>Placeholder until the per-OS listers land: names only, never throws.</summary>
    internal static class SerialPortLister
    {
        internal static IReadOnlyList<string> TryListNames()
        {
            try
            {
                return SerialPortFinder.Find().Select(p => p.Port).ToList();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return Array.Empty<string>();
            }
        }
    }
}
