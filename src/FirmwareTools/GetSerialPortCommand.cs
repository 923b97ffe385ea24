using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools
{
    /// <summary>
    /// <para type="synopsis">Lists the machine's serial ports with the USB ids, serial number and location the OS knows.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "SerialPort", HelpUri = HelpUris.Pages + "Get-SerialPort.md")]
    [OutputType(typeof(SerialPortInfo))]
    public sealed class GetSerialPortCommand : FirmwareCmdlet
    {
        private ushort? vendorId;
        private ushort? productId;

        /// <summary>Only ports of USB devices with this vendor id (a number or hex such as 10c4).</summary>
        [Parameter(Position = 0)]
        [UsbIdTransformation]
        public ushort VendorId
        {
            get => vendorId ?? 0;
            set => vendorId = value;
        }

        /// <summary>Only ports of USB devices with this product id (a number or hex such as ea60).</summary>
        [Parameter(Position = 1)]
        [UsbIdTransformation]
        public ushort ProductId
        {
            get => productId ?? 0;
            set => productId = value;
        }

        /// <summary>Only ports whose name matches one of these (wildcards allowed: /dev/ttyUSB*, COM*).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SerialPortCompleter))]
        public string[]? Port { get; set; }

        protected override void ProcessRecord()
        {
            IReadOnlyList<SerialPortInfo> all = SerialPortFinder.Find();
            List<WildcardPattern>? patterns = Port?.Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToList();
            IReadOnlyList<SerialPortInfo> ports = SerialPortFinder.Filter(all, vendorId, productId, patterns is null ? null : name => patterns.Any(p => p.IsMatch(name)));
            if (vendorId.HasValue || productId.HasValue || patterns != null)
            {
                // Ids in hex, as the user meant them: 0403, 483 and 0x0403 all read as 0x0403.
                string ids = (vendorId?.ToString("x4", CultureInfo.InvariantCulture) ?? "*") + ":" + (productId?.ToString("x4", CultureInfo.InvariantCulture) ?? "*");
                WriteVerbose($"Matching USB id {ids}{(Port is null ? string.Empty : " and port " + string.Join(", ", Port))} against {all.Count} port(s): {(ports.Count == 0 ? "none matched" : string.Join(", ", ports.Select(p => p.Port)))}.");
            }

            foreach (SerialPortInfo port in ports)
            {
                WriteObject(port);
            }

            // A literal name that matches nothing is an error, as Get-Item reports a missing path; a wildcard is a filter.
            foreach (string literal in Port?.Where(p => !WildcardPattern.ContainsWildcardCharacters(p)) ?? Enumerable.Empty<string>())
            {
                if (!ports.Any(p => string.Equals(p.Port, literal, System.StringComparison.OrdinalIgnoreCase)))
                {
                    WriteFirmwareError(SerialErrors.PortNotFound(literal, "Get-SerialPort did not find it" + (vendorId.HasValue || productId.HasValue ? " with the given ids" : string.Empty), all.Select(p => p.Port)));
                }
            }
        }
    }
}
