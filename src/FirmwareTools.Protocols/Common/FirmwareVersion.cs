using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FirmwareTools.Protocols
{
    /// <summary>
    /// A MicroPython release number as it appears in firmware file names: <c>v1.22.2</c>, a preview build
    /// <c>v1.23.0-preview.203.g1a2b3c4</c> (built before 1.23.0, so it sorts below it), or a pre-2023
    /// nightly <c>unstable-v1.19.1-12-gabcdef0</c> (built after 1.19.1, so it sorts above it).
    /// </summary>
    public sealed class FirmwareVersion : IComparable<FirmwareVersion>, IEquatable<FirmwareVersion>
    {
        private static readonly Regex Pattern = new Regex(
            @"^(?<unstable>unstable-)?v?(?<major>[0-9]+)\.(?<minor>[0-9]+)(?:\.(?<patch>[0-9]+))?" +
            @"(?:-preview(?:\.(?<pre>[0-9]+))?(?:\.g(?<prehash>[0-9a-f]+))?|-(?<post>[0-9]+)-g(?<posthash>[0-9a-f]+))?(?:-dirty)?$",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public FirmwareVersion(int major, int minor, int patch, FirmwareBuildKind kind = FirmwareBuildKind.Release, int buildNumber = 0, string? commit = null)
        {
            Major = major;
            Minor = minor;
            Patch = patch;
            Kind = kind;
            BuildNumber = buildNumber;
            Commit = commit;
        }

        public int Major { get; }

        public int Minor { get; }

        public int Patch { get; }

        public FirmwareBuildKind Kind { get; }

        /// <summary>Commits since the tag (nightly) or the preview number; 0 for releases.</summary>
        public int BuildNumber { get; }

        /// <summary>The abbreviated git commit of a preview or nightly build, without the leading "g".</summary>
        public string? Commit { get; }

        public bool IsPreview => Kind != FirmwareBuildKind.Release;

        public static bool TryParse(string? text, out FirmwareVersion? version)
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

            // ASCII digits only ([0-9], not \d, which takes other scripts' digits), and a number past int.MaxValue is
            // not a version: both come from hostile text, and both used to escape as FormatException/OverflowException.
            if (!Number(m.Groups["major"], out int major) || !Number(m.Groups["minor"], out int minor) || !Number(m.Groups["patch"], out int patch) ||
                !Number(m.Groups["post"], out int post) || !Number(m.Groups["pre"], out int pre))
            {
                return false;
            }

            if (m.Groups["post"].Success)
            {
                version = new FirmwareVersion(major, minor, patch, FirmwareBuildKind.Nightly, post, m.Groups["posthash"].Value.ToLowerInvariant());
            }
            else if (text.IndexOf("-preview", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                version = new FirmwareVersion(major, minor, patch, FirmwareBuildKind.Preview, pre, m.Groups["prehash"].Success ? m.Groups["prehash"].Value.ToLowerInvariant() : null);
            }
            else if (m.Groups["unstable"].Success)
            {
                version = new FirmwareVersion(major, minor, patch, FirmwareBuildKind.Nightly);
            }
            else
            {
                version = new FirmwareVersion(major, minor, patch);
            }

            return true;
        }

        /// <summary>A group's decimal value; 0 when the group did not match; false when it does not fit an int.</summary>
        private static bool Number(Group group, out int value)
        {
            value = 0;
            return !group.Success || int.TryParse(group.Value, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        public static FirmwareVersion Parse(string text) =>
            TryParse(text, out FirmwareVersion? v) ? v! : throw new FormatException("Not a MicroPython version: '" + text + "'.");

        /// <summary>Orders by number, then preview &lt; release &lt; nightly, then build number. The commit does not order.</summary>
        public int CompareTo(FirmwareVersion? other)
        {
            if (other is null)
            {
                return 1;
            }

            int c = Major.CompareTo(other.Major);
            if (c == 0)
            {
                c = Minor.CompareTo(other.Minor);
            }

            if (c == 0)
            {
                c = Patch.CompareTo(other.Patch);
            }

            if (c == 0)
            {
                c = Rank(Kind).CompareTo(Rank(other.Kind));
            }

            if (c == 0)
            {
                c = BuildNumber.CompareTo(other.BuildNumber);
            }

            return c;
        }

        public bool Equals(FirmwareVersion? other) => other is not null && CompareTo(other) == 0;

        public override bool Equals(object? obj) => obj is FirmwareVersion v && Equals(v);

        public override int GetHashCode() => (Major * 1_000_003) ^ (Minor * 10_007) ^ (Patch * 101) ^ ((int)Kind * 7) ^ BuildNumber;

        /// <summary>The form MicroPython prints: v1.22.2, v1.23.0-preview.203.g1a2b3c4, v1.19.1-12-gabcdef0.</summary>
        public override string ToString()
        {
            string core = string.Format(CultureInfo.InvariantCulture, "v{0}.{1}.{2}", Major, Minor, Patch);
            return Kind switch
            {
                FirmwareBuildKind.Preview => core + "-preview." + BuildNumber.ToString(CultureInfo.InvariantCulture) + (Commit is null ? string.Empty : ".g" + Commit),
                // A nightly known only as "unstable-v1.22.0" prints that way, so what was read prints back and reads equal.
                FirmwareBuildKind.Nightly when Commit is null && BuildNumber == 0 => "unstable-" + core,
                FirmwareBuildKind.Nightly => core + "-" + BuildNumber.ToString(CultureInfo.InvariantCulture) + (Commit is null ? string.Empty : "-g" + Commit),
                _ => core,
            };
        }

        public static bool operator <(FirmwareVersion a, FirmwareVersion b) => a.CompareTo(b) < 0;

        public static bool operator >(FirmwareVersion a, FirmwareVersion b) => a.CompareTo(b) > 0;

        public static bool operator <=(FirmwareVersion a, FirmwareVersion b) => a.CompareTo(b) <= 0;

        public static bool operator >=(FirmwareVersion a, FirmwareVersion b) => a.CompareTo(b) >= 0;

        public static bool operator ==(FirmwareVersion? a, FirmwareVersion? b) => a is null ? b is null : a.Equals(b);

        public static bool operator !=(FirmwareVersion? a, FirmwareVersion? b) => !(a == b);

        private static int Rank(FirmwareBuildKind kind) => kind switch
        {
            FirmwareBuildKind.Preview => 0,
            FirmwareBuildKind.Release => 1,
            _ => 2,
        };
    }
}
