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
            object? value = inputData;
            if (inputData is PSObject wrapped)
            {
                value = wrapped.BaseObject;

                // A bare 0483 typed on the command line reaches us as the number 483, wrapped with the text as typed
                // (what PSObject.ToString gives back). USB ids are hex as lsusb prints them, so the typed text wins;
                // a number from a variable or an expression has no such text and stays a number.
                string typed = wrapped.ToString();
                if (IsNumber(value) && typed != System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture))
                {
                    value = typed;
                }
            }

            if (!UsbId.TryParse(value, out ushort id, out string? problem))
            {
                // Name the value as typed: "'x' is not a hex digit" alone does not say which argument was wrong.
                string shown = System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                throw new ArgumentTransformationMetadataException(
                    $"'{shown}' is not a USB id: {problem}. Give four hex digits as lsusb prints them (0483, df11) or a number (0x0483).");
            }

            return id;
        }

        private static bool IsNumber(object? value) =>
            value is int || value is long || value is short || value is ushort || value is uint || value is byte || value is double || value is decimal;
    }
}
