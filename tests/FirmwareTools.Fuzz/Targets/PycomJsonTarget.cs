using FirmwareTools.Protocols.Downloads;

namespace FirmwareTools.Fuzz.Targets;

/// <summary>Pycom's findupgrade answer as the service could send it: the JSON reader, then the release it becomes.</summary>
public sealed class PycomJsonTarget : IFuzzTarget
{
    private static readonly Uri Query = new("https://software.pycom.io/findupgrade?key=wipy.wipy%20with%20esp32&type=all&redirect=false");
    private static readonly FirmwareHttp Http = new();
    private static readonly PycomFirmwareSource Source = new(Http);

    public string Name => "pycom-json";

    public string Description => "PycomFirmwareSource.Parse (findupgrade JSON) and ToRelease";

    public void Run(byte[] input)
    {
        PycomUpgradeInfo info = PycomFirmwareSource.Parse(FuzzInput.Text(input), Query);
        FirmwareRelease release = Source.ToRelease("WIPY", info, Query, null);
        BrokenPromiseException.Check(release.ToString() is not null, "a release prints");
    }
}
