using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>
    /// micropython.org: one HTML page per board (<c>/download/&lt;BOARD&gt;/</c>) linking the files under
    /// <c>/resources/firmware/</c>. There is no machine-readable index, so the page's links are read and
    /// the file names parsed.
    /// </summary>
    public sealed class MicroPythonFirmwareSource : IFirmwareSource
    {
        public static readonly Uri DefaultSiteRoot = new Uri("https://micropython.org/");
        private const string FirmwarePathMarker = "/resources/firmware/";
        private static readonly Regex BoardPattern = new Regex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant);
        private static readonly Regex BoardLinkPattern = new Regex("^/download/([A-Za-z0-9_-]+)/?$", RegexOptions.CultureInvariant);
        private readonly FirmwareHttp http;

        public MicroPythonFirmwareSource(FirmwareHttp http, Uri? siteRoot = null)
        {
            this.http = http;
            SiteRoot = siteRoot ?? DefaultSiteRoot;
        }

        public FirmwareSource Kind => FirmwareSource.MicroPython;

        public Uri SiteRoot { get; }

        public bool Knows(string board) => MicroPythonBoards.KnownBoards.Contains(board, StringComparer.OrdinalIgnoreCase);

        public Uri BoardPage(string board) => new Uri(SiteRoot, "download/" + Uri.EscapeDataString(board.ToUpperInvariant()) + "/");

        public async Task<IReadOnlyList<FirmwareRelease>> GetReleasesAsync(string board, OperationLog? log, CancellationToken cancellationToken)
        {
            if (!BoardPattern.IsMatch(board))
            {
                throw new FirmwareInvalidArgumentException($"'{board}' is not a MicroPython board name.", board, "Board names are letters, digits and underscores, such as PYBV11 or ESP32_GENERIC.");
            }

            string upper = board.ToUpperInvariant();
            Uri page = BoardPage(upper);
            string html;
            try
            {
                log.Verbose($"Reading the board page {page}.");
                html = await http.GetTextAsync(page, log, cancellationToken).ConfigureAwait(false);
            }
            catch (FirmwareDownloadFailedException ex) when (ex.StatusCode == 404)
            {
                IReadOnlyList<string> close = BoardNameSuggester.Suggest(upper, await BoardNamesAsync(log, cancellationToken).ConfigureAwait(false));
                throw DownloadErrors.FirmwareNotFound(
                    $"micropython.org has no board named '{upper}' ({page} answered HTTP 404)." + (close.Count > 0 ? " Did you mean " + string.Join(", ", close) + "?" : string.Empty),
                    page.ToString(),
                    "Check the name on https://micropython.org/download/ (board names look like PYBV11 or ESP32_GENERIC_S3).",
                    ex);
            }

            List<FirmwareRelease> releases = ParsePage(upper, page, html, log);
            if (releases.Count == 0)
            {
                throw DownloadErrors.FirmwareNotFound(
                    $"The page for {upper} ({page}) lists no firmware files that can be downloaded for this board.",
                    page.ToString(),
                    "Open the page in a browser; if it shows firmware, download it with -Uri <link>.");
            }

            return releases;
        }

        /// <summary>
        /// Board names to suggest from: the built-in list plus the boards the site's download index links
        /// (<c>/download/&lt;BOARD&gt;/</c>), when that page can be read; suggestions never fail the error they decorate.
        /// </summary>
        private async Task<IReadOnlyList<string>> BoardNamesAsync(OperationLog? log, CancellationToken cancellationToken)
        {
            var names = new List<string>(MicroPythonBoards.KnownBoards);
            Uri index = new Uri(SiteRoot, "download/");
            try
            {
                string html = await http.GetTextAsync(index, log, cancellationToken).ConfigureAwait(false);
                names.AddRange(ParseBoardIndex(html, index));
            }
            catch (FirmwareToolsException ex)
            {
                log.Debug($"The board index {index} could not be read ({ex.Message}); suggesting from the built-in list.");
            }

            return names;
        }

        /// <summary>Board names linked from the download index (the board cards): <c>/download/PYBV11/</c> and the like.</summary>
        internal static IEnumerable<string> ParseBoardIndex(string html, Uri index)
        {
            foreach (Uri link in FirmwareLinkReader.ReadLinks(html, index))
            {
                Match m = BoardLinkPattern.Match(link.AbsolutePath);
                if (m.Success && string.Equals(link.Host, index.Host, StringComparison.OrdinalIgnoreCase))
                {
                    yield return m.Groups[1].Value.ToUpperInvariant();
                }
            }
        }

        /// <summary>Reads the firmware links of a board page, keeps the format the board's port takes, newest first.</summary>
        internal static List<FirmwareRelease> ParsePage(string board, Uri page, string html, OperationLog? log)
        {
            var files = new List<(Uri Uri, MicroPythonFirmwareName Name)>();
            foreach (Uri link in FirmwareLinkReader.ReadLinks(html, page))
            {
                if (link.AbsolutePath.IndexOf(FirmwarePathMarker, StringComparison.OrdinalIgnoreCase) < 0)
                {
                    continue;
                }

                string leaf = Uri.UnescapeDataString(link.Segments[link.Segments.Length - 1]);
                MicroPythonFirmwareName? name = MicroPythonFirmwareName.TryParse(leaf);
                if (name is null)
                {
                    log.Debug($"Skipping {leaf}: not a firmware file name this reader understands.");
                    continue;
                }

                files.Add((link, name));
            }

            string? port = MicroPythonBoards.PortOf(board);
            IReadOnlyList<string> wanted = MicroPythonBoards.ExtensionsFor(port);
            string? extension = wanted.FirstOrDefault(e => files.Any(f => f.Name.Extension == e));
            if (extension is null)
            {
                List<string> offered = files.Select(f => f.Name.Extension).Where(e => MicroPythonBoards.FirmwareExtensions.Contains(e)).Distinct().ToList();
                if (offered.Count > 1)
                {
                    throw DownloadErrors.SourceData(
                        $"The page for {board} offers several firmware formats ({string.Join(", ", offered.Select(e => "." + e))}) and the port of this board is not known, so which one to take is unclear.",
                        page.ToString(),
                        "Pick the file on the page and download it with -Uri <link>.");
                }

                extension = offered.FirstOrDefault();
                if (extension != null)
                {
                    log.Verbose($"The port of {board} is not in the table; taking the only firmware format the page offers, .{extension}.");
                }
            }
            else
            {
                log.Debug($"{board} is a {port} board: taking .{extension} files.");
            }

            string legacyBase = files.Where(f => f.Name.IsLegacyName).Select(f => f.Name.Name.Split('-')[0]).OrderBy(t => t.Length).FirstOrDefault() ?? string.Empty;
            return files
                .Where(f => f.Name.Extension == extension)
                .Select(f => new FirmwareRelease(board, VariantOf(board, f.Name, legacyBase), f.Name.Version.ToString(), f.Name.Date, f.Name.Version.IsPreview, f.Uri, f.Name.FileName, FirmwareSource.MicroPython)
                {
                    ParsedVersion = f.Name.Version,
                })
                .OrderByDescending(r => (FirmwareVersion)r.ParsedVersion!)
                .ThenByDescending(r => r.Date)
                .ToList();
        }

        /// <summary>
        /// New names carry the variant after the board (<c>PYBV11-THREAD</c>). Old lower-case names used
        /// a shorter base (<c>esp32</c>) with the variant glued on or hyphenated (<c>esp32spiram</c>,
        /// <c>esp32-idf3</c>); the shortest old name on the page is that base.
        /// </summary>
        private static string? VariantOf(string board, MicroPythonFirmwareName name, string legacyBase)
        {
            string n = name.Name;
            if (n.Equals(board, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            if (n.StartsWith(board + "-", StringComparison.OrdinalIgnoreCase))
            {
                return n.Substring(board.Length + 1).ToUpperInvariant();
            }

            if (name.IsLegacyName && legacyBase.Length > 0)
            {
                int dash = n.IndexOf('-');
                string first = dash < 0 ? n : n.Substring(0, dash);
                string rest = dash < 0 ? string.Empty : n.Substring(dash + 1);
                if (first.StartsWith(legacyBase, StringComparison.Ordinal))
                {
                    string glued = first.Substring(legacyBase.Length);
                    string variant = string.Join("-", new[] { glued, rest }.Where(p => p.Length > 0)).ToUpperInvariant();
                    return variant.Length == 0 ? null : variant;
                }
            }

            return n.ToUpperInvariant();
        }
    }
}
