namespace FirmwareTools.HelpCompiler;

/// <summary>
/// One yaml block of a parameter: the parameter sets it applies to ("(All)" for every set) and how the parameter
/// behaves there. platyPS writes one block per distinct behaviour, so a parameter mandatory in one set and optional
/// in another has two.
/// </summary>
public sealed record ParameterUsage(
    IReadOnlyList<string> Sets,
    bool Required,
    string Position,
    string DefaultValue,
    string PipelineInput,
    bool Globbing,
    int Line)
{
    public const string AllSets = "(All)";

    public bool IsPositional => !Position.Equals("Named", StringComparison.OrdinalIgnoreCase);

    public bool AppliesTo(string set) =>
        Sets.Any(s => s.Equals(AllSets, StringComparison.OrdinalIgnoreCase) || s.Equals(set, StringComparison.OrdinalIgnoreCase));
}
