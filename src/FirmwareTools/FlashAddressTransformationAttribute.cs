using System.Globalization;
using System.Management.Automation;
using FirmwareTools.Protocols;

namespace FirmwareTools
{
    /// <summary>
    /// Lets -Address take a flash address the way every memory map prints it: <c>08000000</c> and <c>0x08000000</c>
    /// (and the string '08000000') are hex. PowerShell would read a bare <c>08000000</c> as decimal 8000000 (0x007A1200);
    /// its typed text reaches this attribute and is read as hex instead. A plain number (<c>134217728</c>, or a value
    /// from a variable such as a backup sidecar's address) is taken as the number it is.
    /// </summary>
    public sealed class FlashAddressTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) => Read(inputData);

        internal static uint Read(object? inputData)
        {
            TypedArgument argument = TypedArgument.From(inputData);
            string? text = argument.Typed ?? argument.Value as string;
            if (text != null)
            {
                string? problem = HexDigits.TryParse(text, 8, out ulong address);
                if (problem is null)
                {
                    return (uint)address;
                }

                throw new ArgumentTransformationMetadataException(
                    $"'{text}' is not a flash address: {problem}. Give it in hex as memory maps print it: 08000000 or 0x08000000.");
            }

            switch (argument.Value)
            {
                case uint u:
                    return u;
                case int _:
                case long _:
                case ushort _:
                case short _:
                case byte _:
                case ulong _:
                    decimal number = System.Convert.ToDecimal(argument.Value, CultureInfo.InvariantCulture);
                    if (number >= 0 && number <= uint.MaxValue)
                    {
                        return (uint)number;
                    }

                    throw new ArgumentTransformationMetadataException(
                        $"{argument.Shown} is not a flash address: it is outside 0x00000000 to 0xFFFFFFFF.");
                default:
                    throw new ArgumentTransformationMetadataException(
                        $"'{argument.Shown}' is not a flash address. Give it in hex as memory maps print it: 08000000 or 0x08000000.");
            }
        }
    }
}
