using FirmwareTools.Testing;
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
    [InlineData("Get-Rp2Device")]
    [InlineData("Install-Rp2Firmware")]
    [InlineData("Backup-Rp2Firmware")]
    [InlineData("Update-Firmware")]
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

    private static readonly string[] AllCmdlets =
    [
        "Get-DfuDevice", "Install-PyboardFirmware", "Backup-PyboardFirmware", "Get-FirmwareInfo", "Save-Firmware",
        "Get-SerialPort", "Install-Esp32Firmware", "Get-DeviceVersion", "Get-Rp2Device", "Install-Rp2Firmware", "Backup-Rp2Firmware",
        "Update-Firmware",
    ];

    public static TheoryData<string> Cmdlets() => new(AllCmdlets);

    /// <summary>
    /// Issue 16, item 11: help said "Default value None" where the code has a default (Get-DeviceVersion -BaudRate 115200).
    /// A default is read from a fresh instance of the cmdlet's class (the value its property has before binding): an
    /// enum or a number other than 0 is a default the help must state exactly. A parameter whose property is empty
    /// before binding (null, '', or 0 standing for "not given") has a default the code works out at run time, which
    /// the help describes in words ("latest", "The current location").
    /// </summary>
    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Help_defaults_equal_the_codes(string cmdlet)
    {
        ps.SetVariable("cmdlet", cmdlet);
        ScriptResult r = ps.Run("""
            $type = (Get-Command $cmdlet).ImplementingType
            $instance = [Activator]::CreateInstance($type)
            foreach ($p in (Get-Help $cmdlet -Full).parameters.parameter) {
                $property = $type.GetProperty($p.name)
                if ($null -eq $property) { continue }   # -WhatIf and -Confirm belong to the engine
                $value = $property.GetValue($instance)
                $meaningful = ($property.PropertyType.IsEnum) -or ($value -is [int] -and $value -ne 0) -or ($value -is [double] -and $value -ne 0)
                '{0}|{1}|{2}|{3}' -f $p.name, [string]$p.defaultValue, [string]$value, $meaningful
            }
            """).AssertSucceeded();

        var wrong = new List<string>();
        foreach (string line in r.Output.Select(o => (string)o.BaseObject))
        {
            string[] f = line.Split('|');
            (string name, string help, string code, bool meaningful) = (f[0], f[1], f[2], bool.Parse(f[3]));
            if (!meaningful && help.Length > 0 && help != "None" && code.Length > 0 && code != "0" && code != "False" && help != code)
            {
                wrong.Add($"-{name}: help says '{help}', the code '{code}'");
            }

            if (meaningful && help != code)
            {
                wrong.Add($"-{name}: help says '{help}', the code '{code}'");
            }
        }

        Assert.True(wrong.Count == 0, cmdlet + ": " + string.Join("; ", wrong));
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Online_help_points_at_the_cmdlets_page_in_the_repository(string cmdlet)
    {
        ps.SetVariable("cmdlet", cmdlet);
        string uri = (string)ps.Run("(Get-Command $cmdlet).HelpUri").AssertSucceeded().Output.Single().BaseObject;

        Assert.Equal($"https://github.com/firmwaretools/FirmwareTools/blob/main/docs/help/{cmdlet}.md", uri);
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "docs", "help", cmdlet + ".md")));
    }

    [Fact]
    public void About_FirmwareTools_names_every_cmdlet_and_stands_on_its_own()
    {
        // What Get-Help about_FirmwareTools prints: the topic the build puts beside the module.
        string text = File.ReadAllText(Path.Combine(RepoPaths.ModuleFolder, "en-US", "about_FirmwareTools.help.txt")).Replace("\r\n", "\n", StringComparison.Ordinal);

        string cmdletsParagraph = text[text.IndexOf("The cmdlets are", StringComparison.Ordinal)..];
        cmdletsParagraph = cmdletsParagraph[..cmdletsParagraph.IndexOf("\n\n", StringComparison.Ordinal)];
        foreach (string cmdlet in AllCmdlets)
        {
            Assert.Contains(cmdlet, cmdletsParagraph, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("See the README", text, StringComparison.Ordinal);
        Assert.DoesNotContain("The repository's simulators", text, StringComparison.Ordinal);
        Assert.Contains("The package serves none itself", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_manifest_description_covers_every_family()
    {
        string description = (string)ps.Run("(Get-Module FirmwareTools).Description").AssertSucceeded().Output.Single().BaseObject;

        foreach (string family in new[] { "pyboard", "ESP32", "Pycom", "firmware each board runs" })
        {
            Assert.Contains(family, description, StringComparison.Ordinal);
        }
    }
}
