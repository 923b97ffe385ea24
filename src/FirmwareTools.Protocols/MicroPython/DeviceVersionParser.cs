using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>
    /// Turns what <see cref="DeviceVersionReader.Script"/> printed (or a bare uname tuple) into a
    /// <see cref="DeviceVersion"/>.
    /// </summary>
    public static class DeviceVersionParser
    {
        internal const string UnameTag = "FTV-UNAME";
        internal const string ImplementationTag = "FTV-IMPL";
        internal const string SysVersionTag = "FTV-VERSION";
        internal const string PlatformTag = "FTV-PLATFORM";

        private static readonly string[] FieldNames = { "sysname", "nodename", "release", "version", "machine" };

        // Pycom firmware marks itself with radio/cloud fields, and its boards' names are its own.
        private static readonly string[] PycomFields = { "pybytes", "lorawan", "sigfox", "lte" };
        private static readonly string[] PycomBoards = { "WiPy", "LoPy", "LoPy4", "SiPy", "GPy", "FiPy" };

        // "v1.22.2 on 2024-02-22", "v1.9.2-34-gd64154c73 on 2017-09-01", "v1.11-c5a0a97 on 2020-02-28".
        private static readonly Regex DescribeOnDate = new Regex(
            @"(?<describe>v\d+\.\d+(?:\.\d+)?(?:[-.][0-9A-Za-z]+)*)\s+on\s+(?<date>\d{4}-\d{1,2}-\d{1,2})",
            RegexOptions.CultureInvariant);

        private static readonly Regex OnDate = new Regex(@"\bon\s+(?<date>\d{4}-\d{1,2}-\d{1,2})", RegexOptions.CultureInvariant);
        private static readonly Regex LeadingRelease = new Regex(@"^v?(?<base>\d+\.\d+(?:\.\d+)?)", RegexOptions.CultureInvariant);

        /// <summary>Parses the version script's output.</summary>
        /// <exception cref="FirmwareError">DeviceVersionUnparseable: The output holds no uname tuple and no sys facts, or they do not parse.</exception>
        public static DeviceVersion ParseScriptOutput(string port, string output)
        {
            var lines = output.Replace("\r\n", "\n").Split('\n')
                .Select(l => l.TrimEnd('\r'))
                .ToList();
            string? uname = Value(lines, UnameTag);
            if (uname is null)
            {
                throw MicroPythonErrors.VersionUnparseable(port, "the version query printed none of what it should", Shorten(output));
            }

            // "os (sysname=...)", "uos (...)", or "- None" when neither module has uname.
            int space = uname.IndexOf(' ');
            string module = space < 0 ? uname : uname.Substring(0, space);
            string tuple = space < 0 ? string.Empty : uname.Substring(space + 1).Trim();
            if (module == "os" || module == "uos")
            {
                return ParseUname(port, tuple, module == "os" ? DeviceVersionSource.OsUname : DeviceVersionSource.UosUname);
            }

            return FromSys(port, Value(lines, ImplementationTag), Value(lines, SysVersionTag), Value(lines, PlatformTag), output);
        }

        /// <summary>Parses an <c>os.uname()</c> tuple as the board prints it.</summary>
        /// <exception cref="FirmwareError">DeviceVersionUnparseable: Not a tuple, or without the fields of a uname.</exception>
        public static DeviceVersion ParseUname(string port, string tuple, DeviceVersionSource source = DeviceVersionSource.OsUname)
        {
            if (!PythonReprParser.TryParseTuple(tuple, out List<KeyValuePair<string?, string>> fields) || fields.Count == 0)
            {
                throw MicroPythonErrors.VersionUnparseable(port, "os.uname() did not print a tuple", Shorten(tuple));
            }

            var named = new Dictionary<string, string>(StringComparer.Ordinal);
            var extra = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < fields.Count; i++)
            {
                // Positional tuples (no names) carry the five fields in uname's order.
                string? key = fields[i].Key ?? (i < FieldNames.Length ? FieldNames[i] : null);
                if (key is null)
                {
                    continue;
                }

                if (Array.IndexOf(FieldNames, key) >= 0)
                {
                    named[key] = fields[i].Value;
                }
                else
                {
                    extra[key] = fields[i].Value;
                }
            }

            if (!named.ContainsKey("release") && !named.ContainsKey("version"))
            {
                throw MicroPythonErrors.VersionUnparseable(port, "os.uname() has neither a release nor a version field", Shorten(tuple));
            }

            return Derive(port, source, Get(named, "sysname"), Get(named, "nodename"), Get(named, "release"), Get(named, "version"), Get(named, "machine"), extra, null);
        }

        private static DeviceVersion FromSys(string port, string? implementation, string? sysVersion, string? platform, string output)
        {
            List<KeyValuePair<string?, string>>? impl = null;
            if (implementation != null && implementation != "None" && !PythonReprParser.TryParseTuple(implementation, out impl))
            {
                throw MicroPythonErrors.VersionUnparseable(port, "sys.implementation did not print a tuple", Shorten(implementation));
            }

            string? versionText = Unquote(sysVersion);
            string? platformText = Unquote(platform);
            string? machine = impl?.FirstOrDefault(f => f.Key == "_machine").Value;
            string? implVersion = impl?.FirstOrDefault(f => f.Key == "version").Value;
            string? name = impl?.FirstOrDefault(f => f.Key == "name").Value;

            // sys.version is "3.4.0; MicroPython v1.27.0 on 2025-12-10": the part after the name reads like uname's version.
            string? version = null;
            if (versionText != null)
            {
                int at = versionText.IndexOf("MicroPython ", StringComparison.Ordinal);
                version = at >= 0 ? versionText.Substring(at + "MicroPython ".Length).Trim() : null;
            }

            FirmwareVersion? fromTuple = VersionFromTuple(implVersion);
            if (impl is null && version is null)
            {
                throw MicroPythonErrors.VersionUnparseable(port, "the board has no uname and no sys.implementation or MicroPython sys.version", Shorten(output));
            }

            var extra = new Dictionary<string, string>(StringComparer.Ordinal);
            if (name != null)
            {
                extra["implementation"] = name;
            }

            return Derive(port, DeviceVersionSource.Sys, platformText, null, fromTuple is null ? null : Release(fromTuple), version, machine, extra, fromTuple);
        }

        private static DeviceVersion Derive(string port, DeviceVersionSource source, string? sysName, string? nodeName, string? release, string? version, string? machine,
                                            Dictionary<string, string> extra, FirmwareVersion? fallbackVersion)
        {
            string? describe = null;
            DateTime? date = null;
            FirmwareVersion? micropython = null;
            if (version != null)
            {
                // micro:bit names its own version first ("micro:bit v1.0-b'e10a5ff' on 2018-6-8; MicroPython v1.9.2-34-g... on 2017-09-01"): prefer the MicroPython part.
                int mp = version.IndexOf("MicroPython ", StringComparison.Ordinal);
                Match m = mp >= 0 ? DescribeOnDate.Match(version, mp) : DescribeOnDate.Match(version);
                if (!m.Success && mp >= 0)
                {
                    m = DescribeOnDate.Match(version);
                }

                if (m.Success)
                {
                    describe = m.Groups["describe"].Value;
                    date = ParseDate(m.Groups["date"].Value);
                    micropython = ParseMicroPython(describe);
                }
                else
                {
                    Match d = OnDate.Match(version);
                    date = d.Success ? ParseDate(d.Groups["date"].Value) : null;
                }
            }

            micropython ??= fallbackVersion;

            string? board = machine;
            string? mcu = null;
            if (machine != null)
            {
                int with = machine.LastIndexOf(" with ", StringComparison.Ordinal);
                if (with > 0)
                {
                    board = machine.Substring(0, with).Trim();
                    mcu = machine.Substring(with + " with ".Length).Trim();
                }
            }

            bool pycom = PycomFields.Any(extra.ContainsKey)
                || (sysName != null && PycomBoards.Contains(sysName, StringComparer.Ordinal) && string.Equals(mcu, "ESP32", StringComparison.Ordinal));
            PycomVersion? pycomVersion = null;
            if (pycom)
            {
                PycomVersion.TryParse(release, out pycomVersion);
            }

            return new DeviceVersion(port, source, sysName, nodeName, release, version, machine, extra)
            {
                Board = board,
                Mcu = mcu,
                GitDescribe = describe,
                BuildDate = date,
                MicroPythonVersion = micropython,
                IsPycom = pycom,
                PycomVersion = pycomVersion,
                Pybytes = extra.TryGetValue("pybytes", out string? pybytes) ? pybytes : null,
            };
        }

        /// <summary>A describe FirmwareVersion reads as is; otherwise (Pycom's <c>v1.11-c5a0a97</c>) the release it starts from.</summary>
        private static FirmwareVersion? ParseMicroPython(string describe)
        {
            if (FirmwareVersion.TryParse(describe, out FirmwareVersion? v))
            {
                return v;
            }

            Match m = LeadingRelease.Match(describe);
            return m.Success && FirmwareVersion.TryParse(m.Groups["base"].Value, out v) ? v : null;
        }

        /// <summary>sys.implementation.version: (1, 27, 0, '') or (1, 23, 0, 'preview'); older firmware has three numbers.</summary>
        private static FirmwareVersion? VersionFromTuple(string? tuple)
        {
            if (tuple is null || !PythonReprParser.TryParseTuple(tuple, out List<KeyValuePair<string?, string>> parts) || parts.Count < 3)
            {
                return null;
            }

            if (!int.TryParse(parts[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int major)
                || !int.TryParse(parts[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int minor)
                || !int.TryParse(parts[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int patch))
            {
                return null;
            }

            bool preview = parts.Count > 3 && parts[3].Value.Length > 0;
            return new FirmwareVersion(major, minor, patch, preview ? FirmwareBuildKind.Preview : FirmwareBuildKind.Release);
        }

        private static string Release(FirmwareVersion v) =>
            string.Format(CultureInfo.InvariantCulture, "{0}.{1}.{2}", v.Major, v.Minor, v.Patch) + (v.IsPreview ? "-preview" : string.Empty);

        private static DateTime? ParseDate(string text) =>
            DateTime.TryParseExact(text, "yyyy-M-d", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime d) ? d : (DateTime?)null;

        private static string? Get(Dictionary<string, string> fields, string key) => fields.TryGetValue(key, out string? v) ? v : null;

        private static string? Value(List<string> lines, string tag)
        {
            string? line = lines.LastOrDefault(l => l.StartsWith(tag + " ", StringComparison.Ordinal));
            return line?.Substring(tag.Length + 1).Trim();
        }

        /// <summary>repr() of a str: '...' or "..."; None stays null.</summary>
        private static string? Unquote(string? repr)
        {
            if (repr is null || repr == "None")
            {
                return null;
            }

            return PythonReprParser.TryParseTuple("(" + repr + ",)", out List<KeyValuePair<string?, string>> one) && one.Count == 1 ? one[0].Value : repr;
        }

        private static string Shorten(string text)
        {
            string t = text.Trim();
            return t.Length <= 200 ? t : t.Substring(0, 200) + "...";
        }
    }
}
