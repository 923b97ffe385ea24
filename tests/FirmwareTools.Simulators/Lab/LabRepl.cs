using System.Globalization;

namespace FirmwareTools.Simulators.Lab;

/// <summary>
/// What a lab board's MicroPython prints for the code it is sent. It cannot run Python: it recognises the module's
/// version query and its board-update probe by their tagged lines, and <c>machine.bootloader()</c>, and answers from the
/// firmware in flash (docs/protocols/board-update.md §1.1, §6: <c>_build</c> only from v1.25, the 4-tuple from v1.22).
/// </summary>
public static class LabRepl
{
    /// <summary>The statement that asks for the bootloader (mpremote's, §3.0).</summary>
    public const string BootloaderCall = "machine.bootloader()";

    public static (string Output, string Error) Answer(string code, LabImageFacts facts, string platform, string uniqueIdHex, string? build)
    {
        if (!code.Contains("FTV-UNAME", StringComparison.Ordinal))
        {
            return (string.Empty, "Traceback (most recent call last):\n  File \"<stdin>\", line 1, in <module>\nNameError: name not defined\n");
        }

        string version = facts.Major > 1 || facts.Minor >= 22
            ? string.Format(CultureInfo.InvariantCulture, "({0}, {1}, {2}, '')", facts.Major, facts.Minor, facts.Patch)
            : string.Format(CultureInfo.InvariantCulture, "({0}, {1}, {2})", facts.Major, facts.Minor, facts.Patch);
        string output =
            $"FTV-UNAME os (sysname='{platform}', nodename='{platform}', release='{facts.Release}', version='{facts.Tag} on {facts.Date}', machine='{facts.Machine}')\n" +
            $"FTV-IMPL (name='micropython', version={version}, _machine='{facts.Machine}', _mpy=7942)\n" +
            $"FTV-VERSION '3.4.0; MicroPython {facts.Tag} on {facts.Date}'\n" +
            $"FTV-PLATFORM '{platform}'\n";
        if (code.Contains("FTU-UID", StringComparison.Ordinal))
        {
            bool hasBuild = facts.Major > 1 || facts.Minor >= 25;
            output += $"FTU-BUILD {(hasBuild && build != null ? "'" + build + "'" : "None")}\nFTU-UID {uniqueIdHex}\n";
        }

        return (output, string.Empty);
    }

    /// <summary>The traceback of firmware without <c>machine.bootloader</c> (the original ESP32, §3.3).</summary>
    public const string NoBootloaderError =
        "Traceback (most recent call last):\n  File \"<stdin>\", line 3, in <module>\nAttributeError: 'module' object has no attribute 'bootloader'\n";
}
