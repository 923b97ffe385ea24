namespace FirmwareTools.HelpCompiler;

/// <summary>Everything one cmdlet's markdown says, validated: what the MAML writer turns into a command:command element.</summary>
public sealed record CommandHelp(
    string Name,
    string HelpFile,
    IReadOnlyList<string> Synopsis,
    IReadOnlyList<SyntaxSet> Syntax,
    IReadOnlyList<string> Description,
    IReadOnlyList<ExampleHelp> Examples,
    IReadOnlyList<ParameterHelp> Parameters,
    IReadOnlyList<TypeHelp> Inputs,
    IReadOnlyList<TypeHelp> Outputs,
    IReadOnlyList<string> Notes,
    IReadOnlyList<RelatedLink> Links,
    string SourceFile)
{
    public string Verb => Name[..Name.IndexOf('-', StringComparison.Ordinal)];

    public string Noun => Name[(Name.IndexOf('-', StringComparison.Ordinal) + 1)..];

    public ParameterHelp? Parameter(string name) =>
        Parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
