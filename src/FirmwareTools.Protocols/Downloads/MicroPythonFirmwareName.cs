using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>
    /// The parts of a micropython.org firmware file name: <c>&lt;NAME&gt;-&lt;YYYYMMDD&gt;-v&lt;X.Y.Z&gt;[-preview.N.gHASH].&lt;ext&gt;</c>,
    /// where NAME is <c>BOARD[-VARIANT]</c> (upper case since 2023) or an older lower-case name such as
    /// <c>esp32</c>, <c>esp32spiram</c> or <c>pybv11-thread</c>.
    /// </summary>
    public sealed class MicroPythonFirmwareName
    {
        private static readonly Regex Pattern = new Regex(
            @"^(?<name>[A-Za-z0-9_][A-Za-z0-9_.-]*?)-(?<date>\d{8})-(?<version>(?:unstable-)?v\d+\.\d+(?:\.\d+)?(?:-preview(?:\.\d+)?(?:\.g[0-9a-fA-F]+)?|-\d+-g[0-9a-fA-F]+)?(?:-dirty)?)\.(?<ext>[A-Za-z0-9][A-Za-z0-9-]*)$",
            RegexOptions.CultureInvariant);

        private MicroPythonFirmwareName(string fileName, string name, DateTime date, FirmwareVersion version, string extension)
        {
            FileName = fileName;
            Name = name;
            Date = date;
            Version = version;
            Extension = extension;
        }

        public string FileName { get; }

        /// <summary>The part before the date: board and variant (new names) or the old lower-case name.</summary>
        public string Name { get; }

        public DateTime Date { get; }

        public FirmwareVersion Version { get; }

        /// <summary>Lower-case, without the dot: dfu, bin, uf2, hex, elf, map, app-bin...</summary>
        public string Extension { get; }

        /// <summary>True for the pre-2023 all-lower-case names.</summary>
        public bool IsLegacyName => Name == Name.ToLowerInvariant() && Name.ToUpperInvariant() != Name;

        public static MicroPythonFirmwareName? TryParse(string fileName)
        {
            Match m = Pattern.Match(fileName);
            if (!m.Success
                || !DateTime.TryParseExact(m.Groups["date"].Value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTime date)
                || !FirmwareVersion.TryParse(m.Groups["version"].Value, out FirmwareVersion? version))
            {
                return null;
            }

            return new MicroPythonFirmwareName(fileName, m.Groups["name"].Value, DateTime.SpecifyKind(date.Date, DateTimeKind.Unspecified), version!, m.Groups["ext"].Value.ToLowerInvariant());
        }

        public override string ToString() => FileName;
    }
}
