using System.Globalization;
using System.Management.Automation;

namespace FirmwareTools
{
    /// <summary>
    /// An argument as it reached a parameter: the value, and for a number typed on the command line in a form that is
    /// not its plain decimal (<c>0483</c>, <c>08000000</c>, <c>0x0483</c>) the text as typed. PowerShell parses such a
    /// literal as a number but hands it to the parameter wrapped with the token's text (what PSObject.ToString gives
    /// back); a literal typed in its plain decimal form (<c>6001</c>) and a number from a variable arrive unwrapped.
    /// </summary>
    internal sealed class TypedArgument
    {
        private TypedArgument(object? value, string? typed)
        {
            Value = value;
            Typed = typed;
        }

        /// <summary>The base object (a PSObject is unwrapped).</summary>
        public object? Value { get; }

        /// <summary>The text of a number literal typed in a non-decimal form; null for strings, variables and plain numbers.</summary>
        public string? Typed { get; }

        /// <summary>True for the number types a PowerShell literal or expression produces.</summary>
        public bool IsScriptNumber => Value is int || Value is long || Value is double || Value is decimal;

        /// <summary>The value as text for messages: what was typed, else the invariant form.</summary>
        public string Shown => Typed ?? System.Convert.ToString(Value, CultureInfo.InvariantCulture) ?? "(null)";

        public static TypedArgument From(object? inputData)
        {
            if (inputData is PSObject wrapped)
            {
                object value = wrapped.BaseObject;
                bool number = value is int || value is long || value is double || value is decimal;
                string text = wrapped.ToString();
                string plain = System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                return new TypedArgument(value, number && text != plain ? text : null);
            }

            return new TypedArgument(inputData, null);
        }
    }
}
