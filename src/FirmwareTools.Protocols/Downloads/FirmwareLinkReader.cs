using System;
using System.Collections.Generic;
using System.Net;
using HtmlAgilityPack;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>
    /// Reads the <c>href</c> of every <c>&lt;a&gt;</c> element in an HTML page, parsed by HtmlAgilityPack: a tolerant
    /// HTML parser that copes with what real pages hold around links (comments, scripts and styles whose text looks
    /// like tags, any quoting, attributes in any order and case, entities) and with markup that is not well-formed.
    /// Relative links are resolved against the page address; fragments, other schemes and duplicates are dropped.
    /// </summary>
    public static class FirmwareLinkReader
    {
        public static IReadOnlyList<Uri> ReadLinks(string html, Uri pageUri)
        {
            // The page is already text (decoded from the HTTP body): a <meta charset> must not make HtmlAgilityPack look the
            // encoding up, which throws for names .NET refuses (utf-7) or does not know. Found by fuzzing.
            var document = new HtmlDocument { OptionReadEncoding = false };
            document.LoadHtml(html);

            var links = new List<Uri>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (HtmlNode node in document.DocumentNode.Descendants("a"))
            {
                HtmlAttribute? attribute = node.Attributes["href"];
                if (attribute is null)
                {
                    continue;
                }

                // HtmlAgilityPack returns the attribute as written; entities such as &amp; are decoded here.
                string href = WebUtility.HtmlDecode(attribute.Value).Trim();
                if (href.Length > 0 && !href.StartsWith("#", StringComparison.Ordinal) && Uri.TryCreate(pageUri, href, out Uri? link)
                    && (link.Scheme == Uri.UriSchemeHttp || link.Scheme == Uri.UriSchemeHttps) && seen.Add(link.AbsoluteUri))
                {
                    links.Add(link);
                }
            }

            return links;
        }
    }
}
