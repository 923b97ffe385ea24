using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace FirmwareTools.Protocols
{
    /// <summary>
    /// A read-only list of a result whose text is its items' text, so a result exported with Export-Csv or
    /// ConvertTo-Csv (which write each property's ToString) shows "0-11" or "0x08000000-0x08003FFF (16 KiB), ..."
    /// instead of a collection's type name. Scripts still get the items: it is a list to the pipeline, to
    /// ConvertTo-Json and to remoting.
    /// </summary>
    public sealed class TextList<T> : ReadOnlyCollection<T>
    {
        private readonly string text;

        private TextList(IList<T> items, string text)
            : base(items) => this.text = text;

        /// <summary>The items' texts joined by ", ".</summary>
        public static TextList<T> Of(IEnumerable<T> items) => OfItems(items.ToArray(), null);

        /// <summary>The items with the text <paramref name="format"/> makes of them.</summary>
        public static TextList<T> Of(IEnumerable<T> items, Func<IReadOnlyList<T>, string> format) => OfItems(items.ToArray(), format);

        public override string ToString() => text;

        private static TextList<T> OfItems(T[] items, Func<IReadOnlyList<T>, string>? format) =>
            new(items, format is null ? string.Join(", ", items.Select(i => i?.ToString())) : format(items));
    }
}
