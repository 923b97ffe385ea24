namespace FirmwareTools.HelpCompiler;

/// <summary>A parameter as a SYNTAX line writes it: <c>-Path &lt;String&gt;</c>, <c>[-Verify]</c>, <c>[[-Name] &lt;String&gt;]</c>...</summary>
public sealed record SyntaxParameter(string Name, bool Required, bool Positional, bool TakesValue);
