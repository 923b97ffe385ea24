namespace FirmwareTools.HelpCompiler;

/// <summary>A heading (## or ###) with the blocks under it and, for ## headings, its ### subsections.</summary>
public sealed class MarkdownSection
{
    public MarkdownSection(string title, int line)
    {
        Title = title;
        Line = line;
    }

    public string Title { get; }

    public int Line { get; }

    public List<MarkdownBlock> Blocks { get; } = [];

    public List<MarkdownSection> Subsections { get; } = [];
}
