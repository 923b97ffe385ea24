namespace FirmwareTools.HelpCompiler;

/// <summary>An INPUTS or OUTPUTS entry: a type name and what it carries.</summary>
public sealed record TypeHelp(string TypeName, IReadOnlyList<string> Description);
