namespace FirmwareTools.HelpCompiler;

/// <summary>A documented parameter: its description, type and aliases, and how it behaves in each parameter set.</summary>
public sealed record ParameterHelp(
    string Name,
    IReadOnlyList<string> Description,
    string Type,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> AcceptedValues,
    IReadOnlyList<ParameterUsage> Usages,
    int Line)
{
    public const string SwitchType = "SwitchParameter";

    public bool IsSwitch => Type.Equals(SwitchType, StringComparison.OrdinalIgnoreCase) || Type.Equals("switch", StringComparison.OrdinalIgnoreCase);

    public ParameterUsage? UsageIn(string set) => Usages.FirstOrDefault(u => u.AppliesTo(set));
}
