using System;
using System.Collections.Generic;
using System.Linq;
using FirmwareTools.Protocols.Dfu;

namespace FirmwareTools.Protocols.Pyboard
{
    /// <summary>
    /// Picks the board to act on when the user named none: exactly one ST DfuSe bootloader must be present
    /// (optionally with the given serial). Run-time DFU interfaces and other DFU devices (an Apple Mac's own,
    /// a debug probe) are not candidates, which is the "More than one DFU capable USB device found" trap of dfu-util.
    /// </summary>
    public static class DfuDeviceSelector
    {
        public static DfuDevice SelectSingle(IReadOnlyList<DfuDevice> devices, string? serialNumber = null)
        {
            if (devices is null)
            {
                throw new ArgumentNullException(nameof(devices));
            }

            var candidates = devices
                .Where(d => d.Mode == DfuMode.Dfu && d.IsDfuSe)
                .Where(d => serialNumber is null || string.Equals(d.SerialNumber, serialNumber, StringComparison.OrdinalIgnoreCase))
                .ToList();
            return candidates.Count switch
            {
                0 => throw PyboardErrors.DeviceNotFound(serialNumber),
                1 => candidates[0],
                _ => throw PyboardErrors.DeviceAmbiguous(candidates),
            };
        }
    }
}
