using FirmwareTools.EngineTests.Hosting;
using Xunit;
using Xunit.Abstractions;

namespace FirmwareTools.EngineTests;

[Collection(EngineCollection.Name)]
public class Explore(ITestOutputHelper output)
{
    [Fact]
    public void Look()
    {
        using var bench = VirtualBench.Start("3061B4493536", "3061B4490002");
        using var ps = new PowerShellSession();
        ps.UseBench(bench);
        var r = ps.Run("$d = Get-DfuDevice; $d");
        output.WriteLine($"out {r.Output.Count} err {r.Errors.Count} {string.Join("|", r.Errors)} term {r.Terminating?.Message} progress {r.Progress.Count} hostprogress {ps.Host.RecordingUI.Progress.Count}");
        output.WriteLine(ps.Render("$d"));
        output.WriteLine(ps.Render("$d | ForEach-Object { [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($_)) }"));
        var h = ps.Run("Get-Help Install-PyboardFirmware -Full | Out-Host");
        output.WriteLine(ps.Host.RecordingUI.Screen[^3000..]);
        var t = ps.Run("(TabExpansion2 -inputScript 'Save-Firmware -Board PYB' -cursorColumn 24).CompletionMatches | ForEach-Object CompletionText");
        output.WriteLine("tab: " + string.Join(",", t.Output) + string.Join("|", t.Errors));
        var g = ps.Run("$ExecutionContext.InvokeProvider.ChildItem.Get('*', $false) | ForEach-Object { $_.PSPath }");
        output.WriteLine("gci: " + string.Join(",", g.Output) + string.Join("|", g.Errors));
        var c = ps.Run("Get-Command | ForEach-Object Name");
        output.WriteLine("cmds: " + string.Join(",", c.Output));
    }
}
