using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FirmwareTools.Protocols
{
    /// <summary>
    /// A Pycom firmware version (<c>1.8.0.b1</c>, <c>1.20.2.rc11</c>, <c>1.18.2.r7</c>, <c>1.20.2</c>) and the
    /// service's <c>intVersion</c>: major 6 bits | minor 7 | patch 10 | release type 2 (a=0, b=1, rc=2, r=3) |
    /// release number 7, packed from the most significant bit down. A missing suffix means r0.
    /// </summary>
    public sealed class PycomVersion : IComparable<PycomVersion>, IEquatable<PycomVersion>
    {
        private static readonly Regex Pattern = new Regex(
            @"^v?(?<major>[0-9]+)\.(?<minor>[0-9]+)\.(?<patch>[0-9]+)(?:[.-]?(?<type>rc|a|b|r)(?<num>[0-9]+))?$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public PycomVersion(int major, int minor, int patch, PycomReleaseType releaseType = PycomReleaseType.Release, int releaseNumber = 0)
        {
            if (major < 0 || major > 63 || minor < 0 || minor > 127 || patch < 0 || patch > 1023 || releaseNumber < 0 || releaseNumber > 127)
            {
                throw new ArgumentOutOfRangeException(nameof(major), "A Pycom version part is outside the range intVersion can hold.");
            }

            Major = major;
            Minor = minor;
            Patch = patch;
            ReleaseType = releaseType;
            ReleaseNumber = releaseNumber;
        }

        public int Major { get; }

        public int Minor { get; }

        public int Patch { get; }

        public PycomReleaseType ReleaseType { get; }

        public int ReleaseNumber { get; }

        public bool IsPreview => ReleaseType != PycomReleaseType.Release;

        /// <summary>The packed form the update service sends as <c>intVersion</c>.</summary>
        public long IntVersion =>
            ((long)Major << 26) | ((long)Minor << 19) | ((long)Patch << 9) | ((long)ReleaseType << 7) | (long)ReleaseNumber;

        public static PycomVersion FromIntVersion(long value)
        {
            if (value < 0 || value > 0xFFFFFFFFL)
            {
                throw new ArgumentOutOfRangeException(nameof(value), "intVersion must fit in 32 bits.");
            }

            return new PycomVersion(
                (int)((value >> 26) & 0x3F),
                (int)((value >> 19) & 0x7F),
                (int)((value >> 9) & 0x3FF),
                (PycomReleaseType)((value >> 7) & 0x3),
                (int)(value & 0x7F));
        }

        public static bool TryParse(string? text, out PycomVersion? version)
        {
            version = null;
            if (string.IsNullOrWhiteSpace(text))
            {
                return false;
            }

            Match m = Pattern.Match(text!.Trim());
            if (!m.Success)
            {
                return false;
            }

            PycomReleaseType type = PycomReleaseType.Release;
            int number = 0;
            if (m.Groups["type"].Success)
            {
                type = m.Groups["type"].Value.ToLowerInvariant() switch
                {
                    "a" => PycomReleaseType.Alpha,
                    "b" => PycomReleaseType.Beta,
                    "rc" => PycomReleaseType.ReleaseCandidate,
                    _ => PycomReleaseType.Release,
                };
                if (!int.TryParse(m.Groups["num"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out number))
                {
                    return false;
                }
            }

            // A number past int.MaxValue is as much out of the packed fields' range as 64 is (it used to escape as OverflowException).
            if (!int.TryParse(m.Groups["major"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int major) ||
                !int.TryParse(m.Groups["minor"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int minor) ||
                !int.TryParse(m.Groups["patch"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int patch) ||
                major > 63 || minor > 127 || patch > 1023 || number > 127)
            {
                return false;
            }

            version = new PycomVersion(major, minor, patch, type, number);
            return true;
        }

        public static PycomVersion Parse(string text) =>
            TryParse(text, out PycomVersion? v) ? v! : throw new FormatException("Not a Pycom version: '" + text + "'.");

        public int CompareTo(PycomVersion? other) => other is null ? 1 : IntVersion.CompareTo(other.IntVersion);

        public bool Equals(PycomVersion? other) => other is not null && IntVersion == other.IntVersion;

        public override bool Equals(object? obj) => obj is PycomVersion v && Equals(v);

        public override int GetHashCode() => IntVersion.GetHashCode();

        /// <summary>Pycom's spelling: 1.8.0.b1, 1.20.2.rc11, 1.18.2.r7; a plain release (r0) prints as 1.20.2.</summary>
        public override string ToString()
        {
            string core = string.Format(CultureInfo.InvariantCulture, "{0}.{1}.{2}", Major, Minor, Patch);
            string suffix = ReleaseType switch
            {
                PycomReleaseType.Alpha => ".a",
                PycomReleaseType.Beta => ".b",
                PycomReleaseType.ReleaseCandidate => ".rc",
                _ => ReleaseNumber == 0 ? string.Empty : ".r",
            };
            return suffix.Length == 0 ? core : core + suffix + ReleaseNumber.ToString(CultureInfo.InvariantCulture);
        }
    }
}
