using FirmwareTools.Fuzz.Targets;

namespace FirmwareTools.Fuzz;

/// <summary>Every fuzz target. A new parser's target is one class implementing <see cref="IFuzzTarget"/>, one line here and a seed folder.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<IFuzzTarget> All { get; } = new IFuzzTarget[]
    {
        new DfuFileTarget(),
        new DfuSuffixTarget(),
        new DfuSeLayoutTarget(),
        new UsbDeviceTarget(),
        new DfuStatusTarget(),
        new UsbBridgeTarget(),
        new MicroPythonPageTarget(),
        new PycomJsonTarget(),
        new FirmwareNameTarget(),
        new VersionTarget(),
        new SlipReplyTarget(),
        new Esp32ImageTarget(),
        new PycomPackageTarget(),
        new PycomScriptTarget(),
        new ReplOutputTarget(),
        new UnameTarget(),
        new SerialUrlTarget(),
        new Rfc2217Target(),
    };

    public static IFuzzTarget? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
}
