using FirmwareTools.Simulators.Lab;

namespace FirmwareTools.EngineTests.Hosting;

/// <summary>
/// A virtual lab and its firmware site served in process as serve-lab serves them (<see cref="ServedLab"/>), and a
/// hosted session whose environment points at them: what the Update-Firmware engine tests share.
/// </summary>
public sealed class ServedLabSession : IDisposable
{
    private ServedLab? served;

    public VirtualLab Lab { get; } = new();

    public LabFirmwareSite Site { get; } = new();

    public PowerShellSession Ps { get; } = new();

    /// <summary>Serves the lab's boards, sets the module's variables in the session and <c>$ports</c>; returns the ports in the lab's order.</summary>
    public string[] Serve()
    {
        served = new ServedLab(Lab, Site);
        foreach ((string name, string value) in served.Environment)
        {
            Ps.SetVariable("value", value);
            Ps.Run($"$env:{name} = $value").AssertSucceeded();
        }

        string[] ports = [.. served.Ports.Select(p => p.Port)];
        Ps.SetVariable("ports", ports);
        return ports;
    }

    public void Dispose()
    {
        Ps.Run("Remove-Item env:FIRMWARETOOLS_USB_BRIDGE, env:FIRMWARETOOLS_MICROPYTHON_SITE -ErrorAction SilentlyContinue");
        Ps.Dispose();
        served?.Dispose();
        Site.Dispose();
        Lab.Dispose();
    }
}
