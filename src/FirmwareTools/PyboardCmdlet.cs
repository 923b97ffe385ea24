using System.Management.Automation;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Pyboard;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools
{
    /// <summary>
    /// What the pyboard cmdlets share: the board comes from the pipeline (Get-DfuDevice), or is the one STM32
    /// bootloader on the bus, optionally picked by serial number; several boards without a choice are refused.
    /// </summary>
    public abstract class PyboardCmdlet : FirmwareCmdlet
    {
        /// <summary>The board, from Get-DfuDevice. Without it the one board in DFU mode is used.</summary>
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNull]
        public DfuDevice? Device { get; set; }

        /// <summary>Picks the board by USB serial number when no Device is given.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SerialNumber { get; set; }

        protected DfuDevice SelectBoard() =>
            Device ?? RunOperation("pyboard", (log, progress, cancel) =>
                DfuDeviceSelector.SelectSingle(DfuDeviceFinder.Find(UsbBackends.GetDefault(log), null, log, cancel), SerialNumber));

        /// <summary>A board as short as tells boards apart, for progress bars and log prefixes: 0483:df11 3061B4493536.</summary>
        protected static string BoardName(DfuDevice device) => device.SerialNumber is null ? device.ToString() : $"{device.Id} {device.SerialNumber}";
    }
}
