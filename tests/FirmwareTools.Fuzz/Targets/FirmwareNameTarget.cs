using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Protocols;

namespace FirmwareTools.Fuzz.Targets;

/// <summary>A file name from a board page link (PYBV11-20240222-v1.22.2.dfu and the rest).</summary>
public sealed class FirmwareNameTarget : IFuzzTarget
{
    public string Name => "firmware-name";

    public string Description => "MicroPythonFirmwareName.TryParse on a link's last segment";

    public void Run(byte[] input)
    {
        string text = FuzzInput.Text(input);
        MicroPythonFirmwareName? name = MicroPythonFirmwareName.TryParse(text);
        if (name is null)
        {
            return;
        }

        BrokenPromiseException.Check(name.FileName == text && name.Name.Length > 0 && name.Extension.Length > 0, "a name keeps its parts");
        BrokenPromiseException.Check(FirmwareVersion.TryParse(name.Version.ToString(), out FirmwareVersion? again) && again == name.Version, "the version prints and reads back");
        _ = name.IsLegacyName;
    }
}
