using System.Management.Automation;
using FirmwareTools.Protocols.Rp2Board;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools
{
    /// <summary>
    /// What the Raspberry Pi Pico cmdlets share: the board comes from the pipeline (Get-Rp2Device), or is the one board in
    /// BOOTSEL mode, optionally picked by serial number; several boards without a choice are refused.
    /// </summary>
    public abstract class Rp2Cmdlet : FirmwareCmdlet
    {
        /// <summary>The board, from Get-Rp2Device. Without it the one board in BOOTSEL mode is used.</summary>
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNull]
        public Rp2Device? Device { get; set; }

        /// <summary>Picks the board by serial number (case-insensitive: an RP2350's MicroPython serial works too) when no Device is given.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SerialNumber { get; set; }

        protected Rp2Device SelectBoard() =>
            Device ?? RunOperation("Pico", (log, progress, cancel) =>
            {
                IUsbBackend bus = UsbBackends.GetDefault(log);
                return Rp2DeviceSelector.Select(Rp2DeviceFinder.Find(bus, log), SerialNumber, Rp2DeviceFinder.CountRunningBoards(bus));
            });
    }
}
