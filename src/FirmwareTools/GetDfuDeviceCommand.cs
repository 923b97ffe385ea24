using System.Collections.Generic;
using System.Management.Automation;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools
{
    /// <summary>
    /// <para type="synopsis">Lists USB devices in DFU mode, one object per physical board, memory maps parsed.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DfuDevice", HelpUri = HelpUris.Pages + "Get-DfuDevice.md")]
    [OutputType(typeof(DfuDevice))]
    public sealed class GetDfuDeviceCommand : FirmwareCmdlet
    {
        private ushort? vendorId;
        private ushort? productId;

        /// <summary>Only devices with this USB vendor id (a number or hex such as 0483).</summary>
        [Parameter(Position = 0)]
        [UsbIdTransformation]
        public ushort VendorId
        {
            get => vendorId ?? 0;
            set => vendorId = value;
        }

        /// <summary>Only devices with this USB product id (a number or hex such as df11).</summary>
        [Parameter(Position = 1)]
        [UsbIdTransformation]
        public ushort ProductId
        {
            get => productId ?? 0;
            set => productId = value;
        }

        /// <summary>Only the device with this USB serial number (case-insensitive).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? SerialNumber { get; set; }

        protected override void ProcessRecord()
        {
            IReadOnlyList<DfuDevice> devices;
            try
            {
                var filter = new DfuDeviceFilter { VendorId = vendorId, ProductId = productId, SerialNumber = SerialNumber };
                devices = RunOperation("DFU devices", (log, progress, cancel) => DfuDeviceFinder.Find(UsbBackends.GetDefault(log), filter, log, cancel));
            }
            catch (FirmwareToolsException e)
            {
                ThrowFirmwareError(e);
                return;
            }

            foreach (DfuDevice device in devices)
            {
                WriteObject(device);
            }
        }
    }
}
