using System.Management.Automation;
using FirmwareTools.EngineTests.Hosting;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>Get-Help -Full in the engine, from the MAML the build puts in out/FirmwareTools/en-US.</summary>
[Collection(EngineCollection.Name)]
public sealed class HelpTests : IDisposable
{
    private readonly PowerShellSession ps = new();

    public void Dispose() => ps.Dispose();

    [Theory]
    [InlineData("Get-DfuDevice")]
    [InlineData("Install-PyboardFirmware")]
    [InlineData("Backup-PyboardFirmware")]
    [InlineData("Get-FirmwareInfo")]
    [InlineData("Save-Firmware")]
    public void Get_Help_Full_has_a_synopsis_every_parameter_and_an_example(string cmdlet)
    {
        ps.SetVariable("cmdlet", cmdlet);
        ScriptResult r = ps.Run("""
            $help = Get-Help $cmdlet -Full
            [string]$help.Synopsis
            @($help.examples.example).Count
            ($help.parameters.parameter | ForEach-Object { $_.name }) -join ','
            ((Get-Command $cmdlet).Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters -and $_ -notin [System.Management.Automation.PSCmdlet]::OptionalCommonParameters }) -join ','
            """).AssertSucceeded();

        string synopsis = (string)r.Output[0].BaseObject;
        Assert.False(string.IsNullOrWhiteSpace(synopsis));
        Assert.DoesNotContain(cmdlet + " ", synopsis.Trim() + " ", StringComparison.Ordinal);   // a real synopsis, not the generated syntax line
        Assert.True((int)r.Output[1].BaseObject >= 1, "no example");
        string[] documented = ((string)r.Output[2].BaseObject).Split(',');
        string[] actual = ((string)r.Output[3].BaseObject).Split(',');
        Assert.Empty(actual.Except(documented, StringComparer.OrdinalIgnoreCase));
    }
}
