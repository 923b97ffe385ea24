using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Rp2Board;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools
{
    /// <summary>
    /// <para type="synopsis">Lists Raspberry Pi RP2040 and RP2350 boards in BOOTSEL mode: chip, serial number, USB location, PICOBOOT access, drive.</para>
    /// </summary>
    /// <remarks>
    /// A separate cmdlet rather than Get-DfuDevice generalised: a board in BOOTSEL is no DFU device (no DFU interface, no
    /// alternate settings or memory layouts), its identity works differently (an RP2040's serial is the same on every
    /// board), and what a user needs to know (PICOBOOT access, the drive) has no place on a DfuDevice.
    /// </remarks>
    [Cmdlet(VerbsCommon.Get, "Rp2Device", HelpUri = HelpUris.Pages + "Get-Rp2Device.md")]
    [OutputType(typeof(Rp2Device))]
    public sealed class GetRp2DeviceCommand : FirmwareCmdlet
    {
        /// <summary>Only the board with this serial number (case-insensitive).</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? SerialNumber { get; set; }

        protected override void ProcessRecord()
        {
            IReadOnlyList<Rp2Device> devices;
            try
            {
                devices = RunOperation("boards in BOOTSEL", (log, progress, cancel) => Rp2DeviceFinder.Find(UsbBackends.GetDefault(log), log));
            }
            catch (FirmwareToolsException e)
            {
                ThrowFirmwareError(e);
                return;
            }

            foreach (Rp2Device device in devices.Where(d => SerialNumber is null || string.Equals(d.SerialNumber, SerialNumber, StringComparison.OrdinalIgnoreCase)))
            {
                WriteObject(device);
            }
        }
    }
}
