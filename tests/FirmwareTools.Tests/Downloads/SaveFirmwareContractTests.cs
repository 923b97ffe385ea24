using FirmwareTools.Tests.Contract;
using Xunit;

namespace FirmwareTools.Tests.Downloads;

/// <summary>
/// Save-Firmware's PowerShell contract beyond the shared checks in <see cref="CmdletContractTests"/>: its exact
/// parameter table, its default set, and what its output carries. Read from the built module's metadata.
/// </summary>
public sealed class SaveFirmwareContractTests
{
    private static CmdletMetadata Command => ModuleMetadata.Instance.Cmdlet("Save-Firmware");

    [Fact]
    public void ByBoard_is_the_default_set_and_the_cmdlet_derives_from_FirmwareCmdlet()
    {
        Assert.Equal("ByBoard", Command.DefaultParameterSetName);
        Assert.Equal("FirmwareCmdlet", Command.Type.BaseType!.Name);
    }

    [Fact]
    public void Parameters_match_the_documented_table()
    {
        string[] rows = Command.Parameters
            .SelectMany(p => p.Sets.Select(s => Row(p, s)))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(new[]
        {
            "AllowHttp System.Management.Automation.SwitchParameter ByUri",
            "Board System.String ByBoard mandatory pos0 value propname",
            "DestinationPath System.String __AllParameterSets pos1",
            "ExpectedHash System.String __AllParameterSets",
            "Force System.Management.Automation.SwitchParameter __AllParameterSets",
            "IncludePreview System.Management.Automation.SwitchParameter ByBoard",
            "ListAvailable System.Management.Automation.SwitchParameter ByBoard",
            "Source System.Nullable`1[FirmwareTools.Protocols.Downloads.FirmwareSource] ByBoard",
            "Uri System.Uri ByUri mandatory propname",
            "Variant System.String ByBoard propname",
            "Version System.String ByBoard propname",
        }, rows);
    }

    [Fact]
    public void FirmwareFile_carries_what_the_issue_asks_for_and_is_immutable()
    {
        Type file = ModuleMetadata.Instance.FindType("FirmwareTools.Protocols.Downloads.FirmwareFile")!;
        Assert.Equal("System.String", file.GetProperty("Path")!.PropertyType.FullName);
        foreach (string name in new[] { "Board", "Variant", "Version", "Source", "Length", "Sha256", "Uri", "Date" })
        {
            Assert.NotNull(file.GetProperty(name));
        }

        Assert.All(file.GetProperties(), p => Assert.Null(p.SetMethod));
    }

    private static string Row(ParameterMetadata p, ParameterSetMetadata s)
    {
        string type = p.TypeName.Contains("Nullable`1", StringComparison.Ordinal)
            ? "System.Nullable`1[" + p.TypeName.Split("[[")[1].Split(',')[0] + "]"
            : p.TypeName;
        return $"{p.Name} {type} {s.SetName}" + (s.Mandatory ? " mandatory" : string.Empty) + (s.Position >= 0 ? $" pos{s.Position}" : string.Empty)
            + (s.ValueFromPipeline ? " value" : string.Empty) + (s.ValueFromPipelineByPropertyName ? " propname" : string.Empty);
    }
}
