namespace FirmwareTools.HelpCompiler;

/// <summary>An example: its title ("Example 1: ..."), the code exactly as a user types it, and the remarks.</summary>
public sealed record ExampleHelp(string Title, string Code, IReadOnlyList<string> Remarks, int Line);
