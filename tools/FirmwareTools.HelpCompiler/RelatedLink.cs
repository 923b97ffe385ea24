namespace FirmwareTools.HelpCompiler;

/// <summary>A RELATED LINKS entry, <c>[text](target)</c>: the target is kept as a URI only when it is absolute (http/https).</summary>
public sealed record RelatedLink(string Text, string Target);
