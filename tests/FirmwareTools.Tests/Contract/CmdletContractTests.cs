using System.Xml.Linq;
using FirmwareTools.Testing;
using Xunit;

namespace FirmwareTools.Tests.Contract;

/// <summary>
/// The cmdlet layer checked by its metadata (the stub engine cannot run it): verbs, output types,
/// ShouldProcess and ConfirmImpact, parameter sets, pipeline binding, manifest exports, format file and help.
/// Extend <see cref="Expected"/> as cmdlets arrive.
/// </summary>
public class CmdletContractTests
{
    private const int ConfirmImpactLow = 1;
    private const int ConfirmImpactMedium = 2;
    private const int ConfirmImpactHigh = 3;

    /// <summary>What each cmdlet must declare. Everything that writes flash is ShouldProcess with ConfirmImpact High.</summary>
    public static readonly Dictionary<string, (bool ShouldProcess, int ConfirmImpact, string[] OutputTypes)> Expected = new()
    {
        ["Get-DfuDevice"] = (false, ConfirmImpactMedium, ["FirmwareTools.Protocols.Dfu.DfuDevice"]),
        ["Get-FirmwareInfo"] = (false, ConfirmImpactMedium, ["FirmwareTools.Protocols.Inspection.FirmwareInfo"]),
        ["Install-PyboardFirmware"] = (true, ConfirmImpactHigh, ["FirmwareTools.Protocols.Pyboard.PyboardInstallResult"]),
        ["Backup-PyboardFirmware"] = (true, ConfirmImpactMedium, ["FirmwareTools.Protocols.Dfu.DfuSeBackupResult"]),
        ["Get-DeviceVersion"] = (false, ConfirmImpactMedium, ["FirmwareTools.Protocols.MicroPython.DeviceVersion"]),
        ["Install-Esp32Firmware"] = (true, ConfirmImpactHigh, ["FirmwareTools.Protocols.Esp32Board.Esp32InstallResult"]),
        ["Save-Firmware"] = (true, ConfirmImpactLow, ["FirmwareTools.Protocols.Downloads.FirmwareFile", "FirmwareTools.Protocols.Downloads.FirmwareRelease"]),
        ["Get-SerialPort"] = (false, ConfirmImpactMedium, ["FirmwareTools.Protocols.Serial.SerialPortInfo"]),
        ["Get-Rp2Device"] = (false, ConfirmImpactMedium, ["FirmwareTools.Protocols.Rp2Board.Rp2Device"]),
        ["Install-Rp2Firmware"] = (true, ConfirmImpactHigh, ["FirmwareTools.Protocols.Rp2Board.Rp2InstallResult"]),
        ["Backup-Rp2Firmware"] = (true, ConfirmImpactMedium, ["FirmwareTools.Protocols.Rp2Board.Rp2BackupResult"]),
        ["Update-Firmware"] = (true, ConfirmImpactHigh, ["FirmwareTools.Protocols.BoardUpdate.BoardUpdateResult"]),
    };

    public static TheoryData<string> CmdletNames => new(Expected.Keys);

    /// <summary>
    /// Pipelines users write, as (producer output type, consumer, parameter, by value or by property name):
    /// e.g. Get-DfuDevice | Install-PyboardFirmware binds the device by value, Save-Firmware | Install-PyboardFirmware
    /// binds FirmwareFile.Path by property name.
    /// </summary>
    public static TheoryData<string, string, string, bool> Bindings => new()
    {
        { "FirmwareTools.Protocols.Dfu.DfuDevice", "Install-PyboardFirmware", "Device", true },
        { "FirmwareTools.Protocols.Dfu.DfuDevice", "Backup-PyboardFirmware", "Device", true },
        { "FirmwareTools.Protocols.Downloads.FirmwareFile", "Install-PyboardFirmware", "Path", false },
        { "FirmwareTools.Protocols.Downloads.FirmwareFile", "Get-FirmwareInfo", "Path", false },
        { "FirmwareTools.Protocols.Downloads.FirmwareRelease", "Save-Firmware", "Version", false },
        { "System.IO.FileInfo", "Install-PyboardFirmware", "FullName", false },
        { "FirmwareTools.Protocols.Downloads.FirmwareFile", "Install-Esp32Firmware", "Path", false },
        { "System.IO.FileInfo", "Install-Esp32Firmware", "FullName", false },
        { "System.String[]", "Install-Esp32Firmware", "Port", true },
        { "System.IO.FileInfo", "Get-FirmwareInfo", "PSPath", false },
        { "FirmwareTools.Protocols.Serial.SerialPortInfo", "Get-DeviceVersion", "Port", false },
        { "FirmwareTools.Protocols.Rp2Board.Rp2Device", "Install-Rp2Firmware", "Device", true },
        { "FirmwareTools.Protocols.Rp2Board.Rp2Device", "Backup-Rp2Firmware", "Device", true },
        { "FirmwareTools.Protocols.Downloads.FirmwareFile", "Install-Rp2Firmware", "Path", false },
        { "FirmwareTools.Protocols.Downloads.FirmwareFile", "Install-Rp2Firmware", "Board", false },
        { "System.IO.FileInfo", "Install-Rp2Firmware", "FullName", false },
        { "FirmwareTools.Protocols.Serial.SerialPortInfo", "Update-Firmware", "Port", false },
        { "FirmwareTools.Protocols.MicroPython.DeviceVersion", "Update-Firmware", "Port", false },
        { "System.String[]", "Update-Firmware", "Port", true },
    };

    private static ModuleMetadata Module => ModuleMetadata.Instance;

    [Fact]
    public void The_module_holds_exactly_the_expected_cmdlets()
    {
        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), Module.Cmdlets.Select(c => c.Name));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Verb_is_approved_and_noun_is_singular_pascal_case(string name)
    {
        CmdletMetadata cmdlet = Module.Cmdlet(name);
        Assert.Contains(cmdlet.Verb, Module.ApprovedVerbs());
        Assert.True(char.IsUpper(cmdlet.Noun[0]), $"{name}: noun must be PascalCase");
        Assert.False(cmdlet.Noun.EndsWith('s'), $"{name}: noun must be singular");
        Assert.EndsWith("Command", cmdlet.Type.Name, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Declares_its_output_types_and_they_are_public(string name)
    {
        CmdletMetadata cmdlet = Module.Cmdlet(name);
        Assert.Equal(Expected[name].OutputTypes.Order(StringComparer.Ordinal), cmdlet.OutputTypes.Select(t => t.FullName!).Order(StringComparer.Ordinal));
        Assert.All(cmdlet.OutputTypes, t => Assert.True(t.IsPublic, $"{t.FullName} must be public"));
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void ShouldProcess_and_ConfirmImpact_match_what_the_cmdlet_does(string name)
    {
        CmdletMetadata cmdlet = Module.Cmdlet(name);
        Assert.Equal(Expected[name].ShouldProcess, cmdlet.SupportsShouldProcess);
        if (cmdlet.SupportsShouldProcess)
        {
            Assert.Equal(Expected[name].ConfirmImpact, cmdlet.ConfirmImpact);
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void At_most_one_parameter_per_set_takes_the_pipeline_by_value(string name)
    {
        CmdletMetadata cmdlet = Module.Cmdlet(name);
        var explicitSets = cmdlet.Parameters.SelectMany(p => p.Sets).Select(s => s.SetName).Where(s => s != CmdletMetadata.AllParameterSets).Distinct().ToList();
        if (explicitSets.Count == 0)
        {
            explicitSets.Add(CmdletMetadata.AllParameterSets);
        }

        foreach (string set in explicitSets)
        {
            var byValue = cmdlet.Parameters
                .Where(p => p.Sets.Any(s => (s.SetName == set || s.SetName == CmdletMetadata.AllParameterSets) && s.ValueFromPipeline))
                .Select(p => p.Name)
                .ToList();
            Assert.True(byValue.Count <= 1, $"{name} set {set}: {string.Join(", ", byValue)} all take pipeline input by value");
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Parameters_avoid_common_parameter_names_and_plain_booleans(string name)
    {
        string[] reserved = ["Confirm", "WhatIf", "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ErrorVariable", "OutVariable", "OutBuffer", "PipelineVariable"];
        foreach (ParameterMetadata parameter in Module.Cmdlet(name).Parameters)
        {
            Assert.DoesNotContain(parameter.Name, reserved);
            Assert.NotEqual("System.Boolean", parameter.TypeName);
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Parameter_positions_are_unique_within_each_set(string name)
    {
        CmdletMetadata cmdlet = Module.Cmdlet(name);
        var positioned = cmdlet.Parameters.SelectMany(p => p.Sets.Where(s => s.Position >= 0).Select(s => (p.Name, s.SetName, s.Position))).ToList();
        foreach (var group in positioned.GroupBy(x => x.SetName))
        {
            var all = group.Concat(group.Key == CmdletMetadata.AllParameterSets ? [] : positioned.Where(x => x.SetName == CmdletMetadata.AllParameterSets)).ToList();
            Assert.Equal(all.Count, all.Select(x => x.Position).Distinct().Count());
        }
    }

    [Theory]
    [MemberData(nameof(Bindings))]
    public void Producers_bind_to_consumers(string producerType, string consumer, string property, bool byValue)
    {
        CmdletMetadata cmdlet = Module.Cmdlet(consumer);
        ParameterMetadata? parameter = cmdlet.Parameters.SingleOrDefault(p => p.Name == property || p.Aliases.Contains(property));
        Assert.True(parameter != null, $"{consumer} has no parameter or alias {property}");
        if (byValue)
        {
            Assert.Equal(producerType, parameter!.TypeName);
            Assert.Contains(parameter.Sets, s => s.ValueFromPipeline);
        }
        else
        {
            Assert.Contains(parameter!.Sets, s => s.ValueFromPipelineByPropertyName);
            if (producerType.StartsWith("FirmwareTools.", StringComparison.Ordinal))
            {
                Type producer = Module.FindType(producerType) ?? throw new Xunit.Sdk.XunitException($"no type {producerType}");
                Assert.True(producer.GetProperty(property) != null, $"{producerType} has no property {property} to bind");
            }
        }

        // Nothing else on the consumer takes the producer by property name into a different parameter by accident.
        if (Module.FindType(producerType) is Type type)
        {
            // Bindings listed for the same pair on purpose (FirmwareFile's Path and Board both bind to Install-Rp2Firmware) are not accidents.
            var intended = Bindings.Select(row => ((string)row[0], (string)row[1], (string)row[2])).Where(b => b.Item1 == producerType && b.Item2 == consumer).Select(b => b.Item3).ToHashSet();
            var others = cmdlet.Parameters
                .Where(p => p != parameter && !intended.Contains(p.Name) && p.Sets.Any(s => s.ValueFromPipelineByPropertyName) && (type.GetProperty(p.Name) != null || p.Aliases.Any(a => type.GetProperty(a) != null)))
                .Select(p => p.Name)
                .ToList();
            if (consumer != "Save-Firmware")
            {
                Assert.Empty(others);
            }
        }
    }

    [Fact]
    public void Manifest_exports_exactly_the_cmdlets_in_the_assembly()
    {
        Dictionary<string, object?> manifest = Manifest();
        var exported = ((List<object?>)manifest["CmdletsToExport"]!).Cast<string>().ToList();
        Assert.DoesNotContain(exported, e => e.Contains('*', StringComparison.Ordinal));
        Assert.Equal(Module.Cmdlets.Select(c => c.Name).Order(StringComparer.Ordinal), exported.Order(StringComparer.Ordinal));
        Assert.Empty((List<object?>)manifest["FunctionsToExport"]!);
        Assert.Empty((List<object?>)manifest["AliasesToExport"]!);
        Assert.Empty((List<object?>)manifest["VariablesToExport"]!);
    }

    [Fact]
    public void Manifest_is_stamped_and_names_files_that_exist()
    {
        Dictionary<string, object?> manifest = Manifest();
        Assert.Equal("FirmwareTools.dll", manifest["RootModule"]);
        Assert.Equal(Module.Module.GetName().Version!.ToString(3), manifest["ModuleVersion"]);
        Assert.Equal(["Desktop", "Core"], ((List<object?>)manifest["CompatiblePSEditions"]!).Cast<string>());
        Assert.Equal("5.1", manifest["PowerShellVersion"]);
        foreach (string format in ((List<object?>)manifest["FormatsToProcess"]!).Cast<string>())
        {
            Assert.True(File.Exists(Path.Combine(RepoPaths.ModuleFolder, format)), $"{format} is listed but not in the module folder");
        }

        var psData = (Dictionary<string, object?>)((Dictionary<string, object?>)manifest["PrivateData"]!)["PSData"]!;
        Assert.Contains("PSEdition_Core", ((List<object?>)psData["Tags"]!).Cast<string>());
        Assert.StartsWith("https://", (string)psData["ProjectUri"]!, StringComparison.Ordinal);
        Assert.StartsWith("https://", (string)psData["LicenseUri"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void Module_folder_holds_the_allowlist_and_nothing_else()
    {
        var files = Directory.GetFiles(RepoPaths.ModuleFolder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.ModuleFolder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        Assert.Equal(
            new[]
            {
                "FirmwareTools.Format.ps1xml",
                "FirmwareTools.Protocols.dll",
                "FirmwareTools.dll",
                "FirmwareTools.psd1",
                "HtmlAgilityPack.dll",
                "ICSharpCode.SharpZipLib.dll",
                "en-US/FirmwareTools.dll-Help.xml",
                "en-US/about_FirmwareTools.help.txt",
                // Windows PowerShell 5.1 only (DesktopClosureTests): what .NET Framework 4.8 lacks for SharpZipLib.
                "Desktop/System.Buffers.dll",
                "Desktop/System.Memory.dll",
                "Desktop/System.Numerics.Vectors.dll",
                "Desktop/System.Runtime.CompilerServices.Unsafe.dll",
                "Desktop/System.Threading.Tasks.Extensions.dll",
            }.Order(StringComparer.Ordinal),
            files);
    }

    [Fact]
    public void Format_file_views_name_real_types_and_properties()
    {
        XDocument format = XDocument.Load(Path.Combine(RepoPaths.ModuleFolder, "FirmwareTools.Format.ps1xml"));
        var views = format.Descendants("View").ToList();
        foreach (XElement view in views)
        {
            string typeName = view.Element("ViewSelectedBy")!.Element("TypeName")!.Value;
            Type type = Module.FindType(typeName) ?? throw new Xunit.Sdk.XunitException($"Format view {view.Element("Name")?.Value} names unknown type {typeName}");
            Assert.True(type.IsPublic, typeName);
            foreach (string property in view.Descendants("PropertyName").Select(p => p.Value))
            {
                Assert.True(type.GetProperty(property) != null, $"{typeName} has no property {property} (format view {view.Element("Name")?.Value})");
            }
        }

        // Every object a cmdlet emits gets a default view.
        var viewed = views.Select(v => v.Element("ViewSelectedBy")!.Element("TypeName")!.Value).ToHashSet(StringComparer.Ordinal);
        foreach (string output in Expected.Values.SelectMany(e => e.OutputTypes).Where(t => t.StartsWith("FirmwareTools.", StringComparison.Ordinal)))
        {
            Assert.Contains(output, viewed);
        }
    }

    private static readonly XNamespace HelpCommand = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace HelpMaml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly string[] ShouldProcessParameters = ["WhatIf", "Confirm"];

    private static XElement HelpEntry(string name)
    {
        XDocument help = XDocument.Load(Path.Combine(RepoPaths.ModuleFolder, "en-US", "FirmwareTools.dll-Help.xml"));
        return help.Root!.Elements(HelpCommand + "command")
            .SingleOrDefault(c => c.Element(HelpCommand + "details")?.Element(HelpCommand + "name")?.Value == name)
            ?? throw new Xunit.Sdk.XunitException($"The help has no entry for {name}");
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Help_documents_the_cmdlet_and_every_parameter_with_its_aliases(string name)
    {
        XElement entry = HelpEntry(name);
        Assert.False(string.IsNullOrWhiteSpace(entry.Element(HelpCommand + "details")!.Element(HelpMaml + "description")?.Value), $"{name}: synopsis missing");
        Assert.NotEmpty(entry.Descendants(HelpCommand + "example"));
        var documented = entry.Element(HelpCommand + "parameters")?.Elements(HelpCommand + "parameter")
            .ToDictionary(p => p.Element(HelpMaml + "name")!.Value, StringComparer.OrdinalIgnoreCase) ?? [];
        foreach (ParameterMetadata parameter in Module.Cmdlet(name).Parameters)
        {
            Assert.True(documented.TryGetValue(parameter.Name, out XElement? help), $"{name}: parameter -{parameter.Name} is not documented");
            string aliases = help!.Attribute("aliases")?.Value ?? "none";
            var helpAliases = aliases == "none" ? [] : aliases.Split(',', StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToArray();
            Assert.True(parameter.Aliases.Order(StringComparer.Ordinal).SequenceEqual(helpAliases), $"{name} -{parameter.Name}: the help lists aliases '{aliases}', the cmdlet has '{string.Join(", ", parameter.Aliases)}'");
        }

        // Nothing documented that the cmdlet does not have (other than the ShouldProcess parameters PowerShell adds).
        foreach (string helpParameter in documented.Keys.Except(ShouldProcessParameters, StringComparer.Ordinal))
        {
            Assert.True(Module.Cmdlet(name).Parameters.Any(p => p.Name == helpParameter), $"{name}: the help documents -{helpParameter}, which the cmdlet does not have");
        }
    }

    /// <summary>
    /// Get-Help draws the SYNTAX from the MAML syntax items: one per parameter set, each holding exactly that set's
    /// parameters, mandatory and positional as the cmdlet declares them, and switches without a value
    /// (so they render as [-Verify], not [-Verify &lt;SwitchParameter&gt;]).
    /// </summary>
    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Help_syntax_has_one_item_per_parameter_set_matching_the_cmdlet(string name)
    {
        CmdletMetadata cmdlet = Module.Cmdlet(name);
        var sets = cmdlet.Parameters.SelectMany(p => p.Sets).Select(s => s.SetName).Where(s => s != CmdletMetadata.AllParameterSets).Distinct().ToList();
        if (sets.Count == 0)
        {
            sets.Add(CmdletMetadata.AllParameterSets);
        }

        var items = HelpEntry(name).Element(HelpCommand + "syntax")!.Elements(HelpCommand + "syntaxItem").ToList();
        Assert.Equal(sets.Count, items.Count);
        foreach (string set in sets)
        {
            var members = cmdlet.Parameters
                .Select(p => (Parameter: p, Set: p.Sets.FirstOrDefault(s => s.SetName == set) ?? p.Sets.FirstOrDefault(s => s.SetName == CmdletMetadata.AllParameterSets)))
                .Where(x => x.Set != null)
                .ToList();
            var expected = members.Select(m => m.Parameter.Name).Concat(cmdlet.SupportsShouldProcess ? ShouldProcessParameters : []).Order(StringComparer.Ordinal).ToList();
            XElement item = items.SingleOrDefault(i => i.Elements(HelpCommand + "parameter").Select(p => p.Element(HelpMaml + "name")!.Value).Order(StringComparer.Ordinal).SequenceEqual(expected))
                ?? throw new Xunit.Sdk.XunitException($"{name}: no syntax item lists exactly the parameters of set {set}: {string.Join(", ", expected)}");
            foreach ((ParameterMetadata parameter, ParameterSetMetadata? inSet) in members)
            {
                XElement help = item.Elements(HelpCommand + "parameter").Single(p => p.Element(HelpMaml + "name")!.Value == parameter.Name);
                Assert.Equal(inSet!.Mandatory ? "true" : "false", help.Attribute("required")?.Value);
                Assert.Equal(inSet.Position >= 0 ? inSet.Position.ToString(System.Globalization.CultureInfo.InvariantCulture) : "named", help.Attribute("position")?.Value);
                bool isSwitch = parameter.TypeName == "System.Management.Automation.SwitchParameter";
                Assert.True(isSwitch == (help.Element(HelpCommand + "parameterValue") is null), $"{name} -{parameter.Name}: a switch has no value in the syntax, every other parameter has one");
            }
        }
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Help_links_the_about_topic_that_ships_with_the_module(string name)
    {
        Assert.Contains("about_FirmwareTools", HelpEntry(name).Descendants(HelpMaml + "linkText").Select(l => l.Value));
        string about = File.ReadAllText(Path.Combine(RepoPaths.ModuleFolder, "en-US", "about_FirmwareTools.help.txt"));
        Assert.StartsWith("TOPIC\n    about_FirmwareTools\n", about, StringComparison.Ordinal);
        Assert.Contains(name, about, StringComparison.Ordinal);
    }

    private static Dictionary<string, object?> Manifest() =>
        PowerShellDataFile.Parse(File.ReadAllText(Path.Combine(RepoPaths.ModuleFolder, "FirmwareTools.psd1")));
}
