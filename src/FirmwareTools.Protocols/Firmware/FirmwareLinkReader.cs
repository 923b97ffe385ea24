using System;
using System.Collections.Generic;
using System.Net;

namespace FirmwareTools.Protocols.Firmware
{
    /// <summary>
    /// A tolerant reader of the <c>href</c> of every <c>&lt;a&gt;</c> element in an HTML page. It understands
    /// what real pages contain around links (comments, scripts and styles whose text may look like tags,
    /// single, double or no quotes, attributes in any order and case, entities such as &amp;amp;) and does
    /// not need the page to be well-formed. Relative links are resolved against the page address.
    /// </summary>
    public static class FirmwareLinkReader
    {
        public static IReadOnlyList<Uri> ReadLinks(string html, Uri pageUri)
        {
            var links = new List<Uri>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            int i = 0;
            while (i < html.Length)
            {
                int lt = html.IndexOf('<', i);
                if (lt < 0)
                {
                    break;
                }

                if (StartsWith(html, lt, "<!--"))
                {
                    int end = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                    i = end < 0 ? html.Length : end + 3;
                    continue;
                }

                string? name = ReadTagName(html, lt + 1, out int afterName);
                if (name is null)
                {
                    i = lt + 1;
                    continue;
                }

                int tagEnd = FindTagEnd(html, afterName);
                if (name.Equals("script", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase))
                {
                    int close = html.IndexOf("</" + name, tagEnd, StringComparison.OrdinalIgnoreCase);
                    i = close < 0 ? html.Length : close + 2;
                    continue;
                }

                if (name.Equals("a", StringComparison.OrdinalIgnoreCase))
                {
                    string? href = ReadAttribute(html, afterName, tagEnd, "href");
                    if (href != null)
                    {
                        href = WebUtility.HtmlDecode(href).Trim();
                        if (href.Length > 0 && !href.StartsWith("#", StringComparison.Ordinal) && Uri.TryCreate(pageUri, href, out Uri? link)
                            && (link.Scheme == Uri.UriSchemeHttp || link.Scheme == Uri.UriSchemeHttps) && seen.Add(link.AbsoluteUri))
                        {
                            links.Add(link);
                        }
                    }
                }

                i = tagEnd;
            }

            return links;
        }

        private static bool StartsWith(string s, int at, string prefix) => string.CompareOrdinal(s, at, prefix, 0, prefix.Length) == 0;

        private static string? ReadTagName(string html, int start, out int end)
        {
            end = start;
            while (end < html.Length && (char.IsLetterOrDigit(html[end]) || html[end] == '-'))
            {
                end++;
            }

            return end == start || !char.IsLetter(html[start]) ? null : html.Substring(start, end - start);
        }

        /// <summary>The index just after the closing '&gt;', skipping '&gt;' inside quoted attribute values.</summary>
        private static int FindTagEnd(string html, int i)
        {
            char quote = '\0';
            for (; i < html.Length; i++)
            {
                char c = html[i];
                if (quote != '\0')
                {
                    if (c == quote)
                    {
                        quote = '\0';
                    }
                }
                else if (c == '"' || c == '\'')
                {
                    quote = c;
                }
                else if (c == '>')
                {
                    return i + 1;
                }
            }

            return html.Length;
        }

        private static string? ReadAttribute(string html, int i, int end, string wanted)
        {
            while (i < end)
            {
                while (i < end && (char.IsWhiteSpace(html[i]) || html[i] == '/'))
                {
                    i++;
                }

                int nameStart = i;
                while (i < end && !char.IsWhiteSpace(html[i]) && html[i] != '=' && html[i] != '>' && html[i] != '/')
                {
                    i++;
                }

                string attr = html.Substring(nameStart, i - nameStart);
                if (attr.Length == 0)
                {
                    return null;
                }

                while (i < end && char.IsWhiteSpace(html[i]))
                {
                    i++;
                }

                string? value = null;
                if (i < end && html[i] == '=')
                {
                    i++;
                    while (i < end && char.IsWhiteSpace(html[i]))
                    {
                        i++;
                    }

                    if (i < end && (html[i] == '"' || html[i] == '\''))
                    {
                        char q = html[i++];
                        int close = html.IndexOf(q, i);
                        if (close < 0 || close > end)
                        {
                            close = end;
                        }

                        value = html.Substring(i, close - i);
                        i = close + 1;
                    }
                    else
                    {
                        int start = i;
                        while (i < end && !char.IsWhiteSpace(html[i]) && html[i] != '>')
                        {
                            i++;
                        }

                        value = html.Substring(start, i - start);
                    }
                }

                if (attr.Equals(wanted, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            return null;
        }
    }
}
