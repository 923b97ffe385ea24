using System.Globalization;
using System.Management.Automation;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Dfu;

namespace FirmwareTools
{
    /// <summary>
    /// Lets -VendorId and -ProductId take ids the way people see them, always as hex (lsusb, Device Manager, dfu-util
    /// and this module's own Id column print them so): "0483", "0x0483", "df11", and numbers. A number PowerShell
    /// parsed from digits the user typed (<c>0483</c> became 483, <c>6001</c> stayed 6001, <c>$v = 0483</c>) is read
    /// again as those digits in hex, so 483 and 6001 mean 0x0483 and 0x6001; a [ushort] (an id taken from this module's
    /// own objects, <c>$device.VendorId</c>) is already an id, and a number too large to be four decimal digits can
    /// only be a hex literal's value (<c>0xdf11</c> is 57105) and is kept.
    /// </summary>
    public sealed class UsbIdTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) => Read(inputData);

        internal static ushort Read(object? inputData)
        {
            TypedArgument argument = TypedArgument.From(inputData);
            object? value = argument.Value;
            if (argument.Typed != null)
            {
                value = argument.Typed;
            }
            else if (value is int || value is long)
            {
                long number = System.Convert.ToInt64(value, CultureInfo.InvariantCulture);
                ulong? asHex = HexDigits.FromDecimalDigits(number, 4);
                if (asHex.HasValue)
                {
                    return (ushort)asHex.Value;
                }
            }

            if (!UsbId.TryParse(value, out ushort id, out string? problem))
            {
                // Name the value as typed: "'x' is not a hex digit" alone does not say which argument was wrong.
                throw new ArgumentTransformationMetadataException(
                    $"'{argument.Shown}' is not a USB id: {problem}. Give four hex digits as lsusb prints them (0483, df11, 0x0483).");
            }

            return id;
        }
    }
}
