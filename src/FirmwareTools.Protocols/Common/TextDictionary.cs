using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace FirmwareTools.Protocols
{
    /// <summary>
    /// A read-only string dictionary whose text is "key=value; key=value", so Export-Csv writes the entries instead of
    /// the dictionary's type name; scripts, ConvertTo-Json and remoting still see a dictionary.
    /// </summary>
    public sealed class TextDictionary : ReadOnlyDictionary<string, string>
    {
        public TextDictionary(IDictionary<string, string> entries)
            : base(entries)
        {
        }

        public override string ToString() => string.Join("; ", this.Select(e => e.Key + "=" + e.Value));
    }
}
