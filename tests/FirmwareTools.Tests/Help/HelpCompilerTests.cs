using System.Diagnostics;
using System.Xml.Linq;
using FirmwareTools.HelpCompiler;
using FirmwareTools.Testing;
using FirmwareTools.Tests.Contract;
using Xunit;

namespace FirmwareTools.Tests.Help;

/// <summary>
/// tools/FirmwareTools.HelpCompiler: platyPS-layout markdown in, MAML (as platyPS writes it) and about topics out,
/// and a clear, located error for markdown Get-Help would render wrongly.
/// </summary>
public class HelpCompilerTests
{
    private static readonly XNamespace Command = MamlWriter.Command;
    private static readonly XNamespace Maml = MamlWriter.Maml;
    private static readonly XNamespace Dev = MamlWriter.Dev;

    private static XElement CompileCommand(string markdown)
    {
        HelpSource source = HelpSource.Parse([(HelpMarkdown.File, markdown)]);
        XDocument maml = Assert.Single(source.Maml(), m => m.Key == "Widgets.dll-Help.xml").Value;
        Assert.Equal(XName.Get("helpItems", "http://msh"), maml.Root!.Name);
        Assert.Equal("maml", maml.Root.Attribute("schema")?.Value);
        return Assert.Single(maml.Root.Elements(Command + "command"));
    }

    private static HelpFormatException CompileFails(string markdown, string file = HelpMarkdown.File) =>
        Assert.Throws<HelpFormatException>(() => HelpSource.Parse([(file, markdown)]));

    private static XElement ByName(IEnumerable<XElement> parameters, string name) =>
        parameters.Single(p => p.Element(Maml + "name")?.Value == name);

    [Fact]
    public void Details_description_inputs_outputs_and_notes_come_from_their_sections()
    {
        XElement command = CompileCommand(HelpMarkdown.Command());
        XElement details = command.Element(Command + "details")!;
        Assert.Equal("Set-Widget", details.Element(Command + "name")!.Value);
        Assert.Equal("Set", details.Element(Command + "verb")!.Value);
        Assert.Equal("Widget", details.Element(Command + "noun")!.Value);
        Assert.Equal("Sets a widget.", details.Element(Maml + "description")!.Element(Maml + "para")!.Value);
        Assert.Equal(
            ["Sets a widget by name or by path.", "Widgets are set one at a time."],
            command.Element(Maml + "description")!.Elements(Maml + "para").Select(p => p.Value));
        XElement input = Assert.Single(command.Element(Command + "inputTypes")!.Elements(Command + "inputType"));
        Assert.Equal("System.String", input.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("Widget names.", input.Element(Maml + "description")!.Value);
        XElement output = Assert.Single(command.Element(Command + "returnValues")!.Elements(Command + "returnValue"));
        Assert.Equal("Widgets.Widget", output.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal("Widgets are fragile.", command.Element(Maml + "alertSet")!.Element(Maml + "alert")!.Element(Maml + "para")!.Value);
    }

    [Fact]
    public void Syntax_has_one_item_per_parameter_set_in_the_order_written()
    {
        XElement command = CompileCommand(HelpMarkdown.Command());
        var items = command.Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal("Set-Widget", i.Element(Maml + "name")!.Value));
        Assert.Equal(["Name", "Verify", "WhatIf", "Confirm"], items[0].Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value));
        Assert.Equal(["Path", "Verify", "WhatIf", "Confirm"], items[1].Elements(Command + "parameter").Select(p => p.Element(Maml + "name")!.Value));

        XElement name = ByName(items[0].Elements(Command + "parameter"), "Name");
        Assert.Equal("true", name.Attribute("required")!.Value);
        Assert.Equal("0", name.Attribute("position")!.Value);
        Assert.Equal("True (ByValue)", name.Attribute("pipelineInput")!.Value);
        Assert.Equal("String", name.Element(Command + "parameterValue")!.Value);

        XElement path = ByName(items[1].Elements(Command + "parameter"), "Path");
        Assert.Equal("named", path.Attribute("position")!.Value);
        Assert.Equal("true", path.Attribute("globbing")!.Value);
        Assert.Equal("True (ByPropertyName)", path.Attribute("pipelineInput")!.Value);
        Assert.Equal("String[]", path.Element(Command + "parameterValue")!.Value);
        Assert.Equal("true", path.Element(Command + "parameterValue")!.Attribute("variableLength")!.Value);
    }

    [Fact]
    public void A_switch_has_no_value_in_the_syntax_so_Get_Help_shows_it_bare()
    {
        XElement command = CompileCommand(HelpMarkdown.Command());
        foreach (XElement item in command.Element(Command + "syntax")!.Elements(Command + "syntaxItem"))
        {
            XElement verify = ByName(item.Elements(Command + "parameter"), "Verify");
            Assert.Null(verify.Element(Command + "parameterValue"));
            Assert.Equal("SwitchParameter", verify.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        }

        // In the parameter list the value stays, optional, as platyPS writes it.
        XElement listed = ByName(command.Element(Command + "parameters")!.Elements(Command + "parameter"), "Verify");
        XElement value = listed.Element(Command + "parameterValue")!;
        Assert.Equal("SwitchParameter", value.Value);
        Assert.Equal("false", value.Attribute("required")!.Value);
        Assert.Equal("False", listed.Element(Dev + "defaultValue")!.Value);
    }

    [Fact]
    public void Every_parameter_is_listed_once_with_its_description_and_aliases()
    {
        XElement command = CompileCommand(HelpMarkdown.Command());
        var parameters = command.Element(Command + "parameters")!.Elements(Command + "parameter").ToList();
        Assert.Equal(["Name", "Path", "Verify", "WhatIf", "Confirm"], parameters.Select(p => p.Element(Maml + "name")!.Value));
        Assert.Equal("FullName, PSPath", ByName(parameters, "Path").Attribute("aliases")!.Value);
        Assert.Equal("none", ByName(parameters, "Name").Attribute("aliases")!.Value);
        Assert.Equal("wi", ByName(parameters, "WhatIf").Attribute("aliases")!.Value);
        Assert.Equal("Widget files.", ByName(parameters, "Path").Element(Maml + "description")!.Value);
    }

    [Fact]
    public void Examples_keep_the_code_exactly_as_written_and_links_keep_web_addresses()
    {
        XElement command = CompileCommand(HelpMarkdown.Command());
        var examples = command.Element(Command + "examples")!.Elements(Command + "example").ToList();
        Assert.Equal(2, examples.Count);
        Assert.Equal("-------------------------- Example 1: By name --------------------------", examples[0].Element(Maml + "title")!.Value);
        Assert.Equal("Set-Widget blue -Verify", examples[0].Element(Dev + "code")!.Value);
        Assert.Equal("Get-ChildItem *.w | Set-Widget -Confirm:$false", examples[1].Element(Dev + "code")!.Value);
        Assert.Equal("Sets every widget file without asking.", examples[1].Element(Dev + "remarks")!.Value);

        var links = command.Element(Command + "relatedLinks")!.Elements(Maml + "navigationLink").ToList();
        Assert.Equal(["about_Widgets", "Online"], links.Select(l => l.Element(Maml + "linkText")!.Value));
        Assert.Equal(["", "https://example.org/widgets"], links.Select(l => l.Element(Maml + "uri")!.Value));
    }

    [Fact]
    public void A_missing_synopsis_fails_naming_the_file_and_section()
    {
        HelpFormatException e = CompileFails(HelpMarkdown.Command(synopsis: string.Empty));
        Assert.Equal(HelpMarkdown.File, e.File);
        Assert.Contains("'## SYNOPSIS' section is missing", e.Problem, StringComparison.Ordinal);
        Assert.StartsWith("Set-Widget.md(", e.ToMSBuildError(), StringComparison.Ordinal);
        Assert.Contains("): error FTHELP: ", e.ToMSBuildError(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_without_its_yaml_block_fails_at_its_heading()
    {
        string markdown = HelpMarkdown.Command(verifyYaml: string.Empty);
        HelpFormatException e = CompileFails(markdown);
        Assert.Contains("-Verify has no ```yaml block", e.Problem, StringComparison.Ordinal);
        Assert.Equal("### -Verify", markdown.Split('\n')[e.Line - 1].Trim());
    }

    [Fact]
    public void A_switch_written_with_a_value_in_the_syntax_fails()
    {
        string syntax = HelpMarkdown.Syntax.Replace("[-Name] <String> [-Verify]", "[-Name] <String> [-Verify <SwitchParameter>]", StringComparison.Ordinal);
        HelpFormatException e = CompileFails(HelpMarkdown.Command(syntax: syntax));
        Assert.Contains("-Verify is a switch: write it as [-Verify]", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Syntax_that_disagrees_with_the_yaml_fails()
    {
        // -Name is mandatory and positional; written optional it would mislead the reader.
        string optional = HelpMarkdown.Syntax.Replace("[-Name] <String>", "[[-Name] <String>]", StringComparison.Ordinal);
        Assert.Contains("writes -Name as optional and positional, but its yaml block says mandatory and positional", CompileFails(HelpMarkdown.Command(syntax: optional)).Problem, StringComparison.Ordinal);

        // -Path belongs to ByPath only.
        string wrongSet = HelpMarkdown.Syntax.Replace("[-Name] <String> [-Verify]", "[-Name] <String> -Path <String[]> [-Verify]", StringComparison.Ordinal);
        Assert.Contains("-Path is in the syntax of set 'ByName' but its 'Parameter Sets' do not include that set", CompileFails(HelpMarkdown.Command(syntax: wrongSet)).Problem, StringComparison.Ordinal);

        // A documented parameter missing from its set's syntax line.
        string missing = HelpMarkdown.Syntax.Replace("Set-Widget -Path <String[]> [-Verify]", "Set-Widget -Path <String[]>", StringComparison.Ordinal);
        Assert.Contains("-Verify belongs to set 'ByPath'", CompileFails(HelpMarkdown.Command(syntax: missing)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_example_passing_a_parameter_the_command_lacks_fails()
    {
        string examples = HelpMarkdown.Examples.Replace("Set-Widget blue -Verify", "Set-Widget blue -Verfiy", StringComparison.Ordinal);
        HelpFormatException e = CompileFails(HelpMarkdown.Command(examples: examples));
        Assert.Contains("passes -Verfiy to Set-Widget, which has no such parameter", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_checker_reads_parameters_of_the_right_command()
    {
        var calls = ExampleChecker.Calls(
            "Get-A -X 1 | Where-Object { -not $_.Ok } | Set-Widget -Path \"-Fake\" -Verify:$true; (Set-Widget -Name n).Prop -Q",
            ["Set-Widget"]).ToList();
        Assert.Equal([("Set-Widget", "Path"), ("Set-Widget", "Verify"), ("Set-Widget", "Name")], calls);
    }

    [Fact]
    public void An_unknown_section_fails()
    {
        HelpFormatException e = CompileFails(HelpMarkdown.Command().Replace("## NOTES", "## NOTE", StringComparison.Ordinal));
        Assert.Contains("unknown section '## NOTE'", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_about_topic_is_plain_text_with_capital_headings_wrapped_at_80_columns()
    {
        HelpSource source = HelpSource.Parse([("about_Widgets.md", HelpMarkdown.About)]);
        string text = source.AboutTopics["about_Widgets.help.txt"];
        string[] lines = text.Split('\n');
        Assert.Equal(["TOPIC", "    about_Widgets", "", "SHORT DESCRIPTION", "    What widgets are.", "", "LONG DESCRIPTION"], lines[..7]);
        Assert.Contains("  Setting one", lines);
        Assert.Contains("        Set-Widget blue -Verify   # a comment that runs past the eighty column limit stays on its line, as written here", lines);
        Assert.Contains("    - first point", lines);
        Assert.All(lines.Where(l => !l.Contains("Set-Widget", StringComparison.Ordinal)), l => Assert.True(l.Length <= 80, $"'{l}' is longer than 80 columns"));
        Assert.Equal(2, Array.IndexOf(lines, "    is long enough to need wrapping at eighty columns.") - Array.IndexOf(lines, "    Widgets are small things that many people set every day, and this sentence") + 1);
    }

    [Fact]
    public void A_table_in_an_about_topic_becomes_one_entry_per_row_with_its_column_names()
    {
        string markdown = HelpMarkdown.About + """

            ## ERRORS
            | ErrorId | When | What to do |
            |---|---|---|
            | WidgetMissing | No widget answers on the port given, which happens when the widget is unplugged or still starting. | Plug it in. |
            | WidgetBusy | Another program holds it. | Close that program. |

            ## SEE ALSO
            Set-Widget
            """;
        string[] lines = HelpSource.Parse([("about_Widgets.md", markdown)]).AboutTopics["about_Widgets.help.txt"].Split('\n');

        int at = Array.IndexOf(lines, "ERRORS");
        Assert.Equal(
            [
                "ERRORS",
                "    WidgetMissing",
                "        When: No widget answers on the port given, which happens when the widget",
                "            is unplugged or still starting.",
                "        What to do: Plug it in.",
                "",
                "    WidgetBusy",
                "        When: Another program holds it.",
                "        What to do: Close that program.",
                "",
                "SEE ALSO",
            ],
            lines[at..(at + 11)]);
    }

    [Fact]
    public void An_about_topic_without_a_short_description_fails()
    {
        HelpFormatException e = Assert.Throws<HelpFormatException>(() =>
            HelpSource.Parse([("about_Widgets.md", HelpMarkdown.About.Replace("## SHORT DESCRIPTION", "## SUMMARY", StringComparison.Ordinal))]));
        Assert.Contains("no '## SHORT DESCRIPTION' section", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_program_reports_malformed_markdown_as_an_MSBuild_error_and_exit_code_1()
    {
        string folder = Directory.CreateTempSubdirectory("ft-help-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, HelpMarkdown.File), HelpMarkdown.Command(verifyYaml: string.Empty));
            string compiler = Path.Combine(AppContext.BaseDirectory, "FirmwareTools.HelpCompiler.dll");
            var start = new ProcessStartInfo("dotnet", [compiler, folder, Path.Combine(folder, "out")]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using Process process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(1, process.ExitCode);
            Assert.Matches(@"Set-Widget\.md\(\d+\): error FTHELP: -Verify has no ```yaml block", output);
            Assert.False(Directory.Exists(Path.Combine(folder, "out")), "nothing is written when the source is malformed");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_repository_help_compiles_and_documents_every_exported_cmdlet()
    {
        HelpSource source = HelpSource.Read(Path.Combine(RepoPaths.Root, "docs", "help"));
        Assert.Equal(
            ModuleMetadata.Instance.Cmdlets.Select(c => c.Name).Order(StringComparer.Ordinal),
            source.Commands.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Contains("about_FirmwareTools.help.txt", source.AboutTopics.Keys);
    }
}
