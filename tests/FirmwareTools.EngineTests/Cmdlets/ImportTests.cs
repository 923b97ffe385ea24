using System.Management.Automation;
using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Testing;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>Importing the built module as a user does: the manifest is sound and says exactly what the module exports.</summary>
[Collection(EngineCollection.Name)]
public class ImportTests
{
    private static readonly string[] Cmdlets = ["Backup-PyboardFirmware", "Backup-Rp2Firmware", "Get-DeviceVersion", "Get-DfuDevice", "Get-FirmwareInfo", "Get-Rp2Device", "Get-SerialPort", "Install-Esp32Firmware", "Install-PyboardFirmware", "Install-Rp2Firmware", "Save-Firmware", "Update-Firmware"];

    [Fact]
    public void Test_ModuleManifest_passes_and_names_every_cmdlet()
    {
        using var ps = new PowerShellSession(importModule: false);
        ps.SetVariable("manifest", RepoPaths.ModuleManifest);
        ScriptResult r = ps.Run("Test-ModuleManifest -Path $manifest").AssertSucceeded();
        PSModuleInfo info = Assert.IsType<PSModuleInfo>(Assert.Single(r.Output).BaseObject);
        Assert.Equal("FirmwareTools", info.Name);
        Assert.Equal(Cmdlets, info.ExportedCmdlets.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Imported_cmdlets_match_the_manifest_and_nothing_else_is_exported()
    {
        using var ps = new PowerShellSession();
        ScriptResult r = ps.Run("Get-Command -Module FirmwareTools").AssertSucceeded();
        var commands = r.Objects<CommandInfo>();
        Assert.All(commands, c => Assert.Equal(CommandTypes.Cmdlet, c.CommandType));
        Assert.Equal(Cmdlets, commands.Select(c => c.Name).Order(StringComparer.Ordinal));

        PSModuleInfo module = Assert.IsType<PSModuleInfo>(Assert.Single(ps.Run("Get-Module FirmwareTools").AssertSucceeded().Output).BaseObject);
        Assert.Empty(module.ExportedFunctions);
        Assert.Empty(module.ExportedAliases);
        Assert.Empty(module.ExportedVariables);
    }

    [Fact]
    public void Importing_twice_and_after_Remove_Module_works()
    {
        using var ps = new PowerShellSession();
        ps.SetVariable("manifest", RepoPaths.ModuleManifest);
        ps.Run("Import-Module $manifest -ErrorAction Stop").AssertSucceeded();
        ps.Run("Import-Module $manifest -Force -ErrorAction Stop").AssertSucceeded();
        Assert.Single(ps.Run("Get-Module FirmwareTools").Output);

        ps.Run("Remove-Module FirmwareTools -ErrorAction Stop").AssertSucceeded();
        Assert.Empty(ps.Run("Get-Module FirmwareTools").Output);
        Assert.Empty(ps.Run("Get-Command Get-DfuDevice -ErrorAction SilentlyContinue").Output);

        ps.Run("Import-Module $manifest -ErrorAction Stop").AssertSucceeded();
        ScriptResult again = ps.Run("Get-FirmwareInfo -Path ./missing.dfu -ErrorAction SilentlyContinue; $Error[0].FullyQualifiedErrorId");
        Assert.Equal("FirmwareFileNotFound,FirmwareTools.GetFirmwareInfoCommand", Assert.Single(again.Output).BaseObject);
    }
}
