using System.Text.RegularExpressions;

namespace FirmwareTools.HelpCompiler;

/// <summary>
/// Reads one cmdlet's help markdown in platyPS's layout (schema 2.0.0) into a <see cref="CommandHelp"/>, and refuses
/// what Get-Help would render wrongly: a missing section, a parameter without its yaml block, a SYNTAX line that
/// disagrees with the PARAMETERS section, an example without code. Every refusal names the file and line.
/// </summary>
public static partial class CommandMarkdownParser
{
    private static readonly string[] KnownSections = ["SYNOPSIS", "SYNTAX", "DESCRIPTION", "EXAMPLES", "PARAMETERS", "INPUTS", "OUTPUTS", "NOTES", "RELATED LINKS"];

    private static readonly string[] YamlKeys = ["Type", "Parameter Sets", "Aliases", "Accepted values", "Required", "Position", "Default value", "Accept pipeline input", "Accept wildcard characters"];

    /// <summary>The parameters PowerShell adds for ShouldProcess: documented in PARAMETERS and SYNTAX like any other.</summary>
    public static readonly string[] RiskMitigationParameters = ["WhatIf", "Confirm"];

    public static CommandHelp Parse(MarkdownDocument document)
    {
        string file = document.File;
        string name = document.Title;
        if (!CommandName().IsMatch(name))
        {
            throw new HelpFormatException(file, document.TitleLine, $"the title '{name}' is not a Verb-Noun command name.");
        }

        string expectedFile = name + ".md";
        if (!Path.GetFileName(file).Equals(expectedFile, StringComparison.OrdinalIgnoreCase))
        {
            throw new HelpFormatException(file, document.TitleLine, $"the title '{name}' does not match the file name; name the file {expectedFile}.");
        }

        if (!document.FrontMatter.TryGetValue("external help file", out string? helpFile) || helpFile.Length == 0)
        {
            throw new HelpFormatException(file, 1, "the front matter has no 'external help file' (for example 'external help file: FirmwareTools.dll-Help.xml').");
        }

        foreach (MarkdownSection section in document.Sections)
        {
            if (!KnownSections.Contains(section.Title, StringComparer.Ordinal))
            {
                throw new HelpFormatException(file, section.Line, $"unknown section '## {section.Title}'; platyPS's sections are {string.Join(", ", KnownSections)}.");
            }
        }

        IReadOnlyList<string> synopsis = Paragraphs(Required(document, "SYNOPSIS"));
        if (synopsis.Count == 0)
        {
            throw new HelpFormatException(file, Required(document, "SYNOPSIS").Line, "## SYNOPSIS is empty: write one sentence saying what the cmdlet does.");
        }

        IReadOnlyList<string> description = Paragraphs(Required(document, "DESCRIPTION"));
        if (description.Count == 0)
        {
            throw new HelpFormatException(file, Required(document, "DESCRIPTION").Line, "## DESCRIPTION is empty.");
        }

        List<ParameterHelp> parameters = ReadParameters(file, Required(document, "PARAMETERS"));
        List<SyntaxSet> syntax = ReadSyntax(file, name, Required(document, "SYNTAX"));
        CheckSyntaxAgainstParameters(file, syntax, parameters);

        return new CommandHelp(
            name,
            helpFile,
            synopsis,
            syntax,
            description,
            ReadExamples(file, Required(document, "EXAMPLES")),
            parameters,
            ReadTypes(document.Section("INPUTS")),
            ReadTypes(document.Section("OUTPUTS")),
            document.Section("NOTES") is { } notes ? Paragraphs(notes) : [],
            ReadLinks(file, document.Section("RELATED LINKS")),
            file);
    }

    /// <summary>The blocks of a section as help paragraphs: list items keep their bullet, code keeps its lines.</summary>
    public static IReadOnlyList<string> Paragraphs(MarkdownSection section) =>
        section.Blocks.Select(b => b.Kind == MarkdownBlockKind.ListItem && !char.IsDigit(b.Text[0]) ? "- " + b.Text : b.Text).ToList();

    private static MarkdownSection Required(MarkdownDocument document, string title) =>
        document.Section(title) ?? throw new HelpFormatException(document.File, document.TitleLine, $"the '## {title}' section is missing.");

    private static List<SyntaxSet> ReadSyntax(string file, string command, MarkdownSection section)
    {
        var sets = new List<(string Name, bool IsDefault, MarkdownBlock Block)>();
        if (section.Subsections.Count == 0)
        {
            MarkdownBlock code = section.Blocks.FirstOrDefault(b => b.Kind == MarkdownBlockKind.Code)
                ?? throw new HelpFormatException(file, section.Line, "## SYNTAX has no code block with the syntax line.");
            sets.Add((SyntaxSet.AllParameterSets, true, code));
        }
        else
        {
            foreach (MarkdownSection set in section.Subsections)
            {
                MarkdownBlock code = set.Blocks.FirstOrDefault(b => b.Kind == MarkdownBlockKind.Code)
                    ?? throw new HelpFormatException(file, set.Line, $"parameter set '{set.Title}' in ## SYNTAX has no code block with its syntax line.");
                bool isDefault = set.Title.EndsWith("(Default)", StringComparison.OrdinalIgnoreCase);
                string name = isDefault ? set.Title[..^"(Default)".Length].Trim() : set.Title;
                sets.Add((name, isDefault, code));
            }

            if (sets.Count(s => s.IsDefault) > 1)
            {
                throw new HelpFormatException(file, section.Line, "more than one parameter set in ## SYNTAX is marked (Default).");
            }
        }

        var result = new List<SyntaxSet>();
        foreach ((string name, bool isDefault, MarkdownBlock block) in sets)
        {
            string text = string.Join(" ", block.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            if (!text.StartsWith(command + " ", StringComparison.Ordinal) && text != command)
            {
                throw new HelpFormatException(file, block.Line, $"the syntax line of set '{name}' must start with the command name {command}.");
            }

            var parameters = new List<SyntaxParameter>();
            string rest = text[command.Length..];
            foreach (Match m in SyntaxToken().Matches(rest))
            {
                string open = m.Groups["open"].Value;
                bool closeAfterName = m.Groups["close"].Success;
                bool takesValue = m.Groups["value"].Success;
                bool closeAfterValue = m.Groups["close2"].Success;
                SyntaxParameter parameter = (open, closeAfterName, takesValue, closeAfterValue) switch
                {
                    ("[[", true, true, true) => new SyntaxParameter(m.Groups["name"].Value, false, true, true),
                    ("[", true, true, false) => new SyntaxParameter(m.Groups["name"].Value, true, true, true),
                    ("[", false, true, true) => new SyntaxParameter(m.Groups["name"].Value, false, false, true),
                    ("[", true, false, false) => new SyntaxParameter(m.Groups["name"].Value, false, false, false),
                    ("", false, true, false) => new SyntaxParameter(m.Groups["name"].Value, true, false, true),
                    ("", false, false, false) => new SyntaxParameter(m.Groups["name"].Value, true, false, false),
                    _ => throw new HelpFormatException(file, block.Line, $"cannot read '{m.Value.Trim()}' in the syntax of set '{name}': write -Name <Type>, [-Name <Type>], [-Name] <Type>, [[-Name] <Type>] or [-Switch]."),
                };
                parameters.Add(parameter);
            }

            result.Add(new SyntaxSet(name, isDefault || sets.Count == 1, text, parameters, block.Line));
        }

        return result;
    }

    private static void CheckSyntaxAgainstParameters(string file, List<SyntaxSet> syntax, List<ParameterHelp> parameters)
    {
        foreach (SyntaxSet set in syntax)
        {
            foreach (SyntaxParameter written in set.Parameters)
            {
                ParameterHelp documented = parameters.FirstOrDefault(p => p.Name.Equals(written.Name, StringComparison.Ordinal))
                    ?? throw new HelpFormatException(file, set.Line, $"the syntax of set '{set.Name}' lists -{written.Name}, which ## PARAMETERS does not document.");
                ParameterUsage usage = syntax.Count == 1 ? documented.Usages[0] : documented.UsageIn(set.Name)
                    ?? throw new HelpFormatException(file, documented.Line, $"-{written.Name} is in the syntax of set '{set.Name}' but its 'Parameter Sets' do not include that set.");
                if (written.TakesValue == documented.IsSwitch)
                {
                    throw new HelpFormatException(file, set.Line, documented.IsSwitch
                        ? $"-{written.Name} is a switch: write it as [-{written.Name}] in the syntax of set '{set.Name}', without a <type>."
                        : $"-{written.Name} takes a <{documented.Type}> value, but the syntax of set '{set.Name}' writes it as a switch.");
                }

                if (written.Required != usage.Required || written.Positional != usage.IsPositional)
                {
                    throw new HelpFormatException(file, set.Line, $"the syntax of set '{set.Name}' writes -{written.Name} as {Describe(written.Required, written.Positional)}, but its yaml block says {Describe(usage.Required, usage.IsPositional)} (Required: {usage.Required}, Position: {usage.Position}).");
                }
            }

            foreach (ParameterHelp parameter in parameters)
            {
                bool inSet = syntax.Count == 1 || parameter.UsageIn(set.Name) != null;
                if (inSet && !set.Parameters.Any(p => p.Name.Equals(parameter.Name, StringComparison.Ordinal)))
                {
                    throw new HelpFormatException(file, set.Line, $"-{parameter.Name} belongs to set '{set.Name}' (its 'Parameter Sets'), but the syntax line of that set does not list it.");
                }
            }
        }

        if (syntax.Count > 1)
        {
            foreach (ParameterHelp parameter in parameters)
            {
                foreach (string setName in parameter.Usages.SelectMany(u => u.Sets).Where(s => s != ParameterUsage.AllSets))
                {
                    if (!syntax.Any(s => s.Name.Equals(setName, StringComparison.OrdinalIgnoreCase)))
                    {
                        throw new HelpFormatException(file, parameter.Line, $"-{parameter.Name} names parameter set '{setName}', which ## SYNTAX does not have.");
                    }
                }
            }
        }
    }

    private static string Describe(bool required, bool positional) =>
        (required ? "mandatory" : "optional") + (positional ? " and positional" : " and named");

    private static List<ParameterHelp> ReadParameters(string file, MarkdownSection section)
    {
        var parameters = new List<ParameterHelp>();
        foreach (MarkdownSection entry in section.Subsections)
        {
            if (entry.Title.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!entry.Title.StartsWith('-') || entry.Title.Length < 2 || entry.Title.Contains(' ', StringComparison.Ordinal))
            {
                throw new HelpFormatException(file, entry.Line, $"'### {entry.Title}' in ## PARAMETERS is not a parameter heading; write '### -Name'.");
            }

            string name = entry.Title[1..];
            if (parameters.Any(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new HelpFormatException(file, entry.Line, $"-{name} is documented twice.");
            }

            var yamlBlocks = entry.Blocks.Where(b => b.Kind == MarkdownBlockKind.Code && b.Info.Equals("yaml", StringComparison.OrdinalIgnoreCase)).ToList();
            if (yamlBlocks.Count == 0)
            {
                throw new HelpFormatException(file, entry.Line, $"-{name} has no ```yaml block (Type, Parameter Sets, Aliases, Required, Position, Default value, Accept pipeline input, Accept wildcard characters).");
            }

            var description = entry.Blocks.Where(b => b.Kind != MarkdownBlockKind.Code).Select(b => b.Text).ToList();
            if (description.Count == 0)
            {
                throw new HelpFormatException(file, entry.Line, $"-{name} has no description.");
            }

            string? type = null;
            IReadOnlyList<string> aliases = [];
            IReadOnlyList<string> accepted = [];
            var usages = new List<ParameterUsage>();
            foreach (MarkdownBlock yaml in yamlBlocks)
            {
                Dictionary<string, string> fields = ReadYaml(file, name, yaml);
                string blockType = fields.GetValueOrDefault("Type") ?? throw new HelpFormatException(file, yaml.Line, $"the yaml block of -{name} has no 'Type'.");
                if (type != null && !type.Equals(blockType, StringComparison.Ordinal))
                {
                    throw new HelpFormatException(file, yaml.Line, $"the yaml blocks of -{name} give different types ({type}, {blockType}).");
                }

                type = blockType;
                if (fields.TryGetValue("Aliases", out string? aliasText))
                {
                    aliases = List(aliasText);
                }

                if (fields.TryGetValue("Accepted values", out string? acceptedText))
                {
                    accepted = List(acceptedText);
                }

                string sets = fields.GetValueOrDefault("Parameter Sets") ?? throw new HelpFormatException(file, yaml.Line, $"the yaml block of -{name} has no 'Parameter Sets' (write '(All)' when it is in every set).");
                usages.Add(new ParameterUsage(
                    List(sets),
                    Boolean(file, yaml.Line, name, "Required", fields.GetValueOrDefault("Required") ?? "False"),
                    Position(file, yaml.Line, name, fields.GetValueOrDefault("Position") ?? "Named"),
                    fields.GetValueOrDefault("Default value") is { Length: > 0 } defaultValue ? defaultValue : "None",
                    PipelineInput(file, yaml.Line, name, fields.GetValueOrDefault("Accept pipeline input") ?? "False"),
                    Boolean(file, yaml.Line, name, "Accept wildcard characters", fields.GetValueOrDefault("Accept wildcard characters") ?? "False"),
                    yaml.Line));
            }

            parameters.Add(new ParameterHelp(name, description, type!, aliases, accepted, usages, entry.Line));
        }

        if (!section.Subsections.Any(s => s.Title.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase)))
        {
            throw new HelpFormatException(file, section.Line, "## PARAMETERS has no '### CommonParameters' entry (every cmdlet supports the common parameters).");
        }

        return parameters;
    }

    private static Dictionary<string, string> ReadYaml(string file, string parameter, MarkdownBlock yaml)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] lines = yaml.Text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            int colon = line.IndexOf(':', StringComparison.Ordinal);
            string key = colon > 0 ? line[..colon].Trim() : line;
            if (colon < 0 || !YamlKeys.Contains(key, StringComparer.Ordinal))
            {
                throw new HelpFormatException(file, yaml.Line + 1 + i, $"'{line}' in the yaml block of -{parameter} is not one of {string.Join(", ", YamlKeys)}.");
            }

            fields[key] = line[(colon + 1)..].Trim();
        }

        return fields;
    }

    private static IReadOnlyList<string> List(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(a => !a.Equals("None", StringComparison.OrdinalIgnoreCase))
            .ToList();

    private static bool Boolean(string file, int line, string parameter, string key, string value) =>
        bool.TryParse(value, out bool result) ? result : throw new HelpFormatException(file, line, $"'{key}: {value}' of -{parameter} is not True or False.");

    private static string Position(string file, int line, string parameter, string value)
    {
        if (value.Equals("Named", StringComparison.OrdinalIgnoreCase))
        {
            return "named";
        }

        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int position)
            ? position.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : throw new HelpFormatException(file, line, $"'Position: {value}' of -{parameter} is not Named or a number.");
    }

    private static string PipelineInput(string file, int line, string parameter, string value)
    {
        Match m = PipelineInputValue().Match(value);
        if (!m.Success)
        {
            throw new HelpFormatException(file, line, $"'Accept pipeline input: {value}' of -{parameter} is not False, True (ByValue), True (ByPropertyName) or True (ByValue, ByPropertyName).");
        }

        return m.Groups["how"].Success ? $"True ({m.Groups["how"].Value})" : "False";
    }

    private static List<ExampleHelp> ReadExamples(string file, MarkdownSection section)
    {
        var examples = new List<ExampleHelp>();
        foreach (MarkdownSection example in section.Subsections)
        {
            var code = example.Blocks.Where(b => b.Kind == MarkdownBlockKind.Code).ToList();
            if (code.Count == 0)
            {
                throw new HelpFormatException(file, example.Line, $"'{example.Title}' has no ```powershell code block.");
            }

            string remarks = string.Empty;
            var text = example.Blocks.Where(b => b.Kind != MarkdownBlockKind.Code).Select(b => b.Kind == MarkdownBlockKind.ListItem ? "- " + b.Text : b.Text).ToList();
            if (text.Count == 0)
            {
                throw new HelpFormatException(file, example.Line, $"'{example.Title}' has no text saying what the example does.");
            }

            examples.Add(new ExampleHelp(example.Title, string.Join("\n", code.Select(c => c.Text)), text, example.Line));
        }

        if (examples.Count == 0)
        {
            throw new HelpFormatException(file, section.Line, "## EXAMPLES has no '### Example 1' with code.");
        }

        return examples;
    }

    private static List<TypeHelp> ReadTypes(MarkdownSection? section) =>
        section?.Subsections.Select(s => new TypeHelp(s.Title, Paragraphs(s))).ToList() ?? [];

    private static List<RelatedLink> ReadLinks(string file, MarkdownSection? section)
    {
        var links = new List<RelatedLink>();
        foreach (MarkdownBlock block in section?.Blocks ?? [])
        {
            // platyPS writes one link per paragraph; consecutive lines join into one paragraph, so read every link in it.
            MatchCollection matches = Link().Matches(block.Text);
            if (matches.Count == 0 || Link().Replace(block.Text, string.Empty).Trim().Length > 0)
            {
                throw new HelpFormatException(file, block.Line, $"'{block.Text}' in ## RELATED LINKS is not a list of [text](target) links.");
            }

            links.AddRange(matches.Select(m => new RelatedLink(m.Groups["text"].Value.Trim(), m.Groups["target"].Value.Trim())));
        }

        return links;
    }

    [GeneratedRegex(@"^[A-Z][A-Za-z]+-[A-Z][A-Za-z0-9]+$")]
    private static partial Regex CommandName();

    [GeneratedRegex(@"(?<open>\[\[|\[)?-(?<name>[A-Za-z][A-Za-z0-9]*)(?<close>\])?(?<value>\s+<[^>]+>)?(?<close2>\])?")]
    private static partial Regex SyntaxToken();

    [GeneratedRegex(@"^(?i:false|true \((?<how>ByValue|ByPropertyName|ByValue, ByPropertyName)\))$")]
    private static partial Regex PipelineInputValue();

    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\((?<target>[^)]*)\)")]
    private static partial Regex Link();
}
