using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Protocols.MicroPython;
using FirmwareTools.Protocols;

namespace FirmwareTools.Fuzz.Targets;

/// <summary>
/// A uname tuple as a board prints it (<c>(sysname='pyboard', nodename='pyboard', release='1.22.2', ...)</c>) and the
/// version script's tagged output: DeviceVersionParser and the repr reader under it. Versions it finds print and read
/// back equal; a tuple printed again from its fields reads back the same.
/// </summary>
public sealed class UnameTarget : IFuzzTarget
{
    public string Name => "uname";

    public string Description => "DeviceVersionParser.ParseUname/ParseScriptOutput and PythonReprParser (print, read back)";

    public void Run(byte[] input)
    {
        string text = FuzzInput.Text(input);
        if (PythonReprParser.TryParseTuple(text, out List<KeyValuePair<string?, string>> fields))
        {
            BrokenPromiseException.Check(fields is not null, "a tuple has fields");
        }

        DeviceVersion version;
        try
        {
            version = DeviceVersionParser.ParseScriptOutput("fuzz", text);
        }
        catch (FirmwareError e) when (e.Definition == MicroPythonErrors.VersionUnparseableId)
        {
            // Not the script's output; a bare tuple is the other way the parser is met.
            version = DeviceVersionParser.ParseUname("fuzz", text);
        }

        if (version.Source == DeviceVersionSource.Sys)
        {
            // From sys facts, not a uname tuple: nothing to print back as one.
            BrokenPromiseException.Check(version.ToString().Length > 0, "a device version prints");
            return;
        }

        BrokenPromiseException.Check(version.Release is not null || version.Version is not null, "a uname has a release or a version");
        if (version.MicroPythonVersion is FirmwareVersion mp)
        {
            BrokenPromiseException.Check(FirmwareVersion.TryParse(mp.ToString(), out FirmwareVersion? again) && again == mp, "the MicroPython version prints and reads back");
        }

        if (version.PycomVersion is PycomVersion pycom)
        {
            BrokenPromiseException.Check(PycomVersion.TryParse(pycom.ToString(), out PycomVersion? again) && pycom.Equals(again), "the Pycom version prints and reads back");
        }

        // The five fields printed again as MicroPython would: the same device version comes out.
        string printed = "(" + string.Join(", ", new[] { ("sysname", version.SysName), ("nodename", version.NodeName), ("release", version.Release), ("version", version.Version), ("machine", version.Machine) }
            .Where(f => f.Item2 is not null).Select(f => f.Item1 + "=" + Repr(f.Item2!))) + ")";
        DeviceVersion reread = DeviceVersionParser.ParseUname("fuzz", printed);
        BrokenPromiseException.Check(
            (reread.SysName, reread.NodeName, reread.Release, reread.Version, reread.Machine) == (version.SysName, version.NodeName, version.Release, version.Version, version.Machine),
            $"uname fields print and read back: {printed}");
        BrokenPromiseException.Check(reread.MicroPythonVersion == version.MicroPythonVersion && reread.BuildDate == version.BuildDate, "what the fields mean is read again the same");
    }

    /// <summary>Python's repr of a str, with \x escapes for control characters and \u for other non-ASCII.</summary>
    private static string Repr(string value)
    {
        var sb = new System.Text.StringBuilder("'");
        foreach (char c in value)
        {
            sb.Append(c switch
            {
                '\\' => "\\\\",
                '\'' => "\\'",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' or '\u007f' => "\\x" + ((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture),
                > '\u007f' => "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return sb.Append('\'').ToString();
    }
}
