using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Protocols;

namespace FirmwareTools.Fuzz.Targets;

/// <summary>
/// Version strings as a board page, a REPL banner or Pycom's service writes them: MicroPython's (v1.22.2,
/// v1.23.0-preview.203.g1a2b3c4) and Pycom's (1.20.2.rc11). What reads prints back equal.
/// </summary>
public sealed class VersionTarget : IFuzzTarget
{
    public string Name => "version";

    public string Description => "FirmwareVersion.TryParse and PycomVersion.TryParse (print, read back, compare)";

    public void Run(byte[] input)
    {
        string text = FuzzInput.Text(input);
        if (FirmwareVersion.TryParse(text, out FirmwareVersion? version))
        {
            BrokenPromiseException.Check(version is not null, "TryParse returned a version");
            BrokenPromiseException.Check(FirmwareVersion.TryParse(version!.ToString(), out FirmwareVersion? again) && again == version && again!.CompareTo(version) == 0,
                "a MicroPython version prints and reads back equal");
            BrokenPromiseException.Check(version.Major >= 0 && version.Minor >= 0 && version.Patch >= 0 && version.BuildNumber >= 0, "numbers are not negative");
        }

        if (PycomVersion.TryParse(text, out PycomVersion? pycom))
        {
            BrokenPromiseException.Check(pycom is not null, "TryParse returned a version");
            BrokenPromiseException.Check(PycomVersion.TryParse(pycom!.ToString(), out PycomVersion? again) && pycom.Equals(again), "a Pycom version prints and reads back equal");
            BrokenPromiseException.Check(pycom.Equals(PycomVersion.FromIntVersion(pycom.IntVersion)), "intVersion packs and unpacks");
        }
    }
}
