using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Json;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>
    /// Pycom's update service: <c>findupgrade?key=&lt;key&gt;&amp;type=all&amp;redirect=false</c> names the newest
    /// package for a product key. It offers exactly one file per key, so "list" and "latest" are that file.
    /// </summary>
    public sealed class PycomFirmwareSource : IFirmwareSource
    {
        public static readonly Uri DefaultServiceRoot = new Uri("https://software.pycom.io/");

        /// <summary>
        /// Whether the service's <c>hash</c> is established to be the SHA-1 of the downloaded tarball. It is
        /// 40 hex digits (SHA-1 sized) but no source read confirms what it hashes, so it is reported and
        /// compared in the log, never used to accept or reject a download. Flip this once a real tarball
        /// has been checked against it.
        /// </summary>
        public static readonly bool ServiceHashIsTarballSha1;

        /// <summary>
        /// Board to service key. The ESP32 keys follow <c>sysname.machine</c> lower-cased; only
        /// "wipy.wipy with esp32" was seen, the other modules' keys are inferred from the same rule. The
        /// <c>.dfu</c> keys are the expansion boards' PIC firmware, as seen.
        /// </summary>
        private static readonly Dictionary<string, string> Keys = new(StringComparer.OrdinalIgnoreCase)
        {
            ["WIPY"] = "wipy.wipy with esp32",
            ["LOPY"] = "lopy.lopy with esp32",
            ["LOPY4"] = "lopy4.lopy4 with esp32",
            ["SIPY"] = "sipy.sipy with esp32",
            ["GPY"] = "gpy.gpy with esp32",
            ["FIPY"] = "fipy.fipy with esp32",
            ["PYSENSE"] = "pysense.dfu",
            ["PYTRACK"] = "pytrack.dfu",
            ["PYSENSE2"] = "pysense2.dfu",
            ["PYGATE"] = "pygate.dfu",
            ["EXPANSION3"] = "expansion3.dfu",
            ["EXPANSION31"] = "expansion31.dfu",
        };

        private readonly FirmwareHttp http;

        public PycomFirmwareSource(FirmwareHttp http, Uri? serviceRoot = null)
        {
            this.http = http;
            ServiceRoot = serviceRoot ?? DefaultServiceRoot;
        }

        public FirmwareSource Kind => FirmwareSource.Pycom;

        public Uri ServiceRoot { get; }

        public static IReadOnlyCollection<string> KnownBoards => Keys.Keys;

        public bool Knows(string board) => Keys.ContainsKey(board);

        public static string? KeyFor(string board) => Keys.TryGetValue(board, out string? key) ? key : null;

        public Uri QueryUri(string key) => new Uri(ServiceRoot, "findupgrade?key=" + Uri.EscapeDataString(key) + "&type=all&redirect=false");

        public async Task<IReadOnlyList<FirmwareRelease>> GetReleasesAsync(string board, OperationLog? log, CancellationToken cancellationToken)
        {
            string? key = KeyFor(board);
            if (key is null)
            {
                IReadOnlyList<string> close = BoardNameSuggester.Suggest(board, Keys.Keys);
                throw DownloadErrors.FirmwareNotFound(
                    $"'{board}' is not a Pycom board this module knows." + (close.Count > 0 ? " Did you mean " + string.Join(", ", close) + "?" : string.Empty),
                    board,
                    "Pycom boards: " + string.Join(", ", Keys.Keys) + ". For a MicroPython board use -Source MicroPython.");
            }

            Uri query = QueryUri(key);
            log.Verbose($"Asking Pycom's update service for '{key}': {query}");
            string json;
            try
            {
                json = await http.GetTextAsync(query, log, cancellationToken).ConfigureAwait(false);
            }
            catch (FirmwareDownloadFailedException ex) when (ex.StatusCode == 404)
            {
                throw DownloadErrors.FirmwareNotFound($"Pycom's update service has nothing for '{key}' ({query} answered HTTP 404).", query.ToString(), "The service may have been retired; download the package yourself and use -Uri or a local path.", ex);
            }

            PycomUpgradeInfo info = Parse(json, query);
            return new[] { ToRelease(board.ToUpperInvariant(), info, query, log) };
        }

        internal static PycomUpgradeInfo Parse(string json, Uri query)
        {
            try
            {
                var serializer = new DataContractJsonSerializer(typeof(PycomUpgradeInfo));
                using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
                return serializer.ReadObject(stream) as PycomUpgradeInfo ?? throw new SerializationException("empty answer");
            }
            // Malformed JSON surfaces as XmlException (the JSON reader is an XmlDictionaryReader) as well as SerializationException,
            // and the framework's XmlJsonReader throws IndexOutOfRangeException on some unbalanced closers ("]]]" inside an
            // object). Both escaped until fuzzing found them; the reader is the framework's, so its failure is caught here.
            catch (Exception ex) when (ex is SerializationException || ex is XmlException || ex is IndexOutOfRangeException)
            {
                throw DownloadErrors.SourceData($"Pycom's update service answered something that is not the expected JSON ({ex.Message}).", query.ToString(), "Try again later; the service may be down or changed.", ex);
            }
        }

        internal FirmwareRelease ToRelease(string board, PycomUpgradeInfo info, Uri query, OperationLog? log)
        {
            // Only an http(s) link with a path names a file; "mailto:x" and the like have no segments to name it by.
            if (string.IsNullOrWhiteSpace(info.File) || !Uri.TryCreate(ServiceRoot, info.File, out Uri? file) ||
                (file.Scheme != Uri.UriSchemeHttps && file.Scheme != Uri.UriSchemeHttp) || file.Segments.Length == 0)
            {
                throw DownloadErrors.SourceData($"Pycom's update service gave no file link for '{info.Key}'.", query.ToString(), "Try again later; the service may be down or changed.");
            }

            // intVersion is what the service sorts by; the text is a label and has been seen disagreeing with the file name.
            PycomVersion? version = null;
            if (info.IntVersion is long packed && packed >= 0 && packed <= 0xFFFFFFFFL)
            {
                version = PycomVersion.FromIntVersion(packed);
                if (PycomVersion.TryParse(info.Version, out PycomVersion? labelled) && labelled != null && !labelled.Equals(version))
                {
                    log.Warning($"Pycom's service labels the firmware '{info.Version}' but its intVersion decodes to {version}; using {version}.");
                }
            }
            else if (!PycomVersion.TryParse(info.Version, out version))
            {
                throw DownloadErrors.SourceData($"Pycom's update service gave no version that can be read ('{info.Version}', intVersion {info.IntVersion}).", query.ToString(), "Try again later; the service may be down or changed.");
            }

            string fileName = Uri.UnescapeDataString(file.Segments.Last());
            if (fileName.IndexOf(version!.ToString(), StringComparison.OrdinalIgnoreCase) < 0)
            {
                log.Verbose($"The file name {fileName} does not contain the version {version} the service reports.");
            }

            string? hash = string.IsNullOrWhiteSpace(info.Hash) ? null : info.Hash!.Trim().ToLowerInvariant();
            return new FirmwareRelease(board, null, version.ToString(), null, version.IsPreview, file, fileName, FirmwareSource.Pycom, hash)
            {
                ParsedVersion = version,
            };
        }
    }
}
