using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FirmwareTools.Simulators.Lab;

/// <summary>
/// What a virtual board's REPL says, read from the firmware in its flash, never from a setting (docs/protocols/board-update.md
/// §6): a flash that was not written shows up as the old version. Null when the flash holds no MicroPython.
/// </summary>
public sealed partial class LabImageFacts
{
    private LabImageFacts(string tag, int major, int minor, int patch, string date, string machine)
    {
        Tag = tag;
        Major = major;
        Minor = minor;
        Patch = patch;
        Date = date;
        Machine = machine;
    }

    /// <summary><c>v1.24.1</c>.</summary>
    public string Tag { get; }

    public int Major { get; }

    public int Minor { get; }

    public int Patch { get; }

    /// <summary><c>2024-11-29</c>.</summary>
    public string Date { get; }

    /// <summary><c>PYBv1.1 with STM32F405RG</c>.</summary>
    public string Machine { get; }

    public string Release => $"{Major}.{Minor}.{Patch}";

    /// <summary>The banner the REPL prints at start and after Ctrl-B.</summary>
    public string Banner => $"MicroPython {Tag} on {Date}; {Machine}\r\nType \"help()\" for more information.\r\n";

    /// <summary>The same firmware reporting another machine string (a custom build).</summary>
    public LabImageFacts WithMachine(string machine) => new(Tag, Major, Minor, Patch, Date, machine);

    public static LabImageFacts? Read(byte[] flash)
    {
        Match m = BannerPattern().Match(Encoding.Latin1.GetString(flash));
        if (!m.Success)
        {
            return null;
        }

        int Part(string name) => m.Groups[name].Success ? int.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        return new LabImageFacts(m.Groups["tag"].Value, Part("major"), Part("minor"), Part("patch"), m.Groups["date"].Value, m.Groups["machine"].Value);
    }

    // §6: MicroPython v\d+\.\d+(\.\d+)?(-preview\.\d+\.g[0-9a-f]+)?(\.dirty)? on \d{4}-\d{2}-\d{2}, then "; machine".
    [GeneratedRegex(@"MicroPython (?<tag>v(?<major>\d+)\.(?<minor>\d+)(?:\.(?<patch>\d+))?(?:-preview\.\d+\.g[0-9a-f]+)?(?:\.dirty)?) on (?<date>\d{4}-\d{2}-\d{2}); (?<machine>[ -~]+? with [ -~]+?)\0", RegexOptions.CultureInvariant)]
    private static partial Regex BannerPattern();
}
