using System.Management.Automation;
using FirmwareTools.Protocols.Dfu;

namespace FirmwareTools
{
    /// <summary>
    /// Lets -VendorId and -ProductId take what users copy from lsusb or dfu-util ("0483", "0x0483", "df11")
    /// as well as numbers (0x0483, 1155). A plain [ushort] parameter would read "0483" as decimal 483.
    /// </summary>
    public sealed class UsbIdTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (!UsbId.TryParse(value, out ushort id, out string? problem))
            {
                // Name the value as typed: "'x' is not a hex digit" alone does not say which argument was wrong.
                string shown = System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                throw new ArgumentTransformationMetadataException(
                    $"'{shown}' is not a USB id: {problem}. Give four hex digits as lsusb prints them (0483, df11) or a number (0x0483).");
            }

            return id;
        }
    }
}
