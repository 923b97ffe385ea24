namespace FirmwareTools.HelpCompiler;

/// <summary>One block of a markdown section: a paragraph (lines joined), a list item, or a fenced code block with its info string.</summary>
public sealed record MarkdownBlock(MarkdownBlockKind Kind, string Text, int Line, string Info = "");
