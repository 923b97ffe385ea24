namespace FirmwareTools.HelpCompiler;

/// <summary>
/// One parameter set of the SYNTAX section: its name (the ### heading, "__AllParameterSets" when the command has one
/// set and no heading), whether it is the default set, and the parameters in the order the syntax line gives them.
/// </summary>
public sealed record SyntaxSet(string Name, bool IsDefault, string Text, IReadOnlyList<SyntaxParameter> Parameters, int Line)
{
    public const string AllParameterSets = "__AllParameterSets";
}
