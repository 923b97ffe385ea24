namespace FirmwareTools.HelpCompiler;

/// <summary>
/// The structure of a platyPS help markdown file, read line by line: YAML front matter, the <c>#</c> title, the
/// <c>##</c> sections with their <c>###</c> subsections, and blocks (paragraphs, list items, fenced code). Headings
/// inside code fences are text. Only what platyPS's layout uses is understood; inline markup is kept as written.
/// </summary>
public sealed class MarkdownDocument
{
    private MarkdownDocument(string file, Dictionary<string, string> frontMatter, string title, int titleLine, List<MarkdownSection> sections)
    {
        File = file;
        FrontMatter = frontMatter;
        Title = title;
        TitleLine = titleLine;
        Sections = sections;
    }

    public string File { get; }

    public IReadOnlyDictionary<string, string> FrontMatter { get; }

    public string Title { get; }

    public int TitleLine { get; }

    public IReadOnlyList<MarkdownSection> Sections { get; }

    public MarkdownSection? Section(string title) =>
        Sections.FirstOrDefault(s => s.Title.Equals(title, StringComparison.OrdinalIgnoreCase));

    public static MarkdownDocument Parse(string file, string text)
    {
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        int i = 0;
        var frontMatter = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            i = 1;
            while (i < lines.Length && lines[i].Trim() != "---")
            {
                int colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    frontMatter[lines[i][..colon].Trim()] = lines[i][(colon + 1)..].Trim();
                }
                else if (lines[i].Trim().Length > 0)
                {
                    throw new HelpFormatException(file, i + 1, $"front matter line '{lines[i].Trim()}' is not 'key: value'.");
                }

                i++;
            }

            if (i == lines.Length)
            {
                throw new HelpFormatException(file, 1, "the front matter opened with '---' is never closed with '---'.");
            }

            i++;
        }

        string? title = null;
        int titleLine = 0;
        var sections = new List<MarkdownSection>();
        MarkdownSection? section = null;
        MarkdownSection? subsection = null;
        var paragraph = new List<string>();
        int paragraphLine = 0;

        void FlushParagraph()
        {
            if (paragraph.Count > 0)
            {
                Current()?.Blocks.Add(new MarkdownBlock(MarkdownBlockKind.Paragraph, string.Join(" ", paragraph), paragraphLine));
                paragraph.Clear();
            }
        }

        MarkdownSection? Current() => subsection ?? section;

        for (; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd();
            int number = i + 1;
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                FlushParagraph();
                string info = line.Trim()[3..].Trim();
                var code = new List<string>();
                int start = number;
                i++;
                while (i < lines.Length && !lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    code.Add(lines[i].TrimEnd());
                    i++;
                }

                if (i == lines.Length)
                {
                    throw new HelpFormatException(file, start, "a code block opened with ``` is never closed.");
                }

                RequireSection(file, Current(), start).Blocks.Add(new MarkdownBlock(MarkdownBlockKind.Code, string.Join("\n", code), start, info));
                continue;
            }

            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                FlushParagraph();
                if (title != null)
                {
                    throw new HelpFormatException(file, number, $"a second '# ' title '{line[2..].Trim()}'; a help file documents one command or topic.");
                }

                title = line[2..].Trim();
                titleLine = number;
            }
            else if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                FlushParagraph();
                section = new MarkdownSection(line[3..].Trim(), number);
                subsection = null;
                sections.Add(section);
            }
            else if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                FlushParagraph();
                subsection = new MarkdownSection(line[4..].Trim(), number);
                RequireSection(file, section, number).Subsections.Add(subsection);
            }
            else if (line.Trim().Length == 0)
            {
                FlushParagraph();
            }
            else if (line.StartsWith('|'))
            {
                FlushParagraph();
                var rows = new List<string>();
                int start = number;
                for (; i < lines.Length && lines[i].TrimEnd().StartsWith('|'); i++)
                {
                    string row = lines[i].TrimEnd();
                    if (!IsSeparatorRow(row))
                    {
                        rows.Add(row);
                    }
                }

                i--;
                RequireSection(file, Current(), start).Blocks.Add(new MarkdownBlock(MarkdownBlockKind.Table, string.Join("\n", rows), start));
            }
            else if (IsListItem(line.TrimStart(), out string item))
            {
                FlushParagraph();
                RequireSection(file, Current(), number).Blocks.Add(new MarkdownBlock(MarkdownBlockKind.ListItem, item, number));
            }
            else
            {
                RequireSection(file, Current(), number);
                if (paragraph.Count == 0)
                {
                    paragraphLine = number;
                }

                // A continuation line of a list item belongs to the item, as in markdown.
                List<MarkdownBlock>? blocks = Current()?.Blocks;
                if (paragraph.Count == 0 && blocks is { Count: > 0 } && blocks[^1].Kind == MarkdownBlockKind.ListItem && line.StartsWith(' ') && blocks[^1].Line < number)
                {
                    blocks[^1] = blocks[^1] with { Text = blocks[^1].Text + " " + line.Trim() };
                    continue;
                }

                paragraph.Add(line.Trim());
            }
        }

        FlushParagraph();
        if (title is null)
        {
            throw new HelpFormatException(file, 1, "no '# <name>' title: the first heading names the command or about topic.");
        }

        return new MarkdownDocument(file, frontMatter, title, titleLine, sections);
    }

    /// <summary>The <c>|---|:---|</c> line under a table's header.</summary>
    private static bool IsSeparatorRow(string row) => row.Trim('|', ' ').Length > 0 && row.All(c => c is '|' or '-' or ':' or ' ');

    /// <summary>The cells of a table row, trimmed (no pipe inside a cell: the tables here hold plain text).</summary>
    public static IReadOnlyList<string> Cells(string row) => row.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToList();

    private static bool IsListItem(string line, out string item)
    {
        if (line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("* ", StringComparison.Ordinal))
        {
            item = line[2..].Trim();
            return true;
        }

        int digits = 0;
        while (digits < line.Length && char.IsDigit(line[digits]))
        {
            digits++;
        }

        if (digits > 0 && digits + 1 < line.Length && line[digits] == '.' && line[digits + 1] == ' ')
        {
            item = line.Trim();
            return true;
        }

        item = string.Empty;
        return false;
    }

    private static MarkdownSection RequireSection(string file, MarkdownSection? section, int line) =>
        section ?? throw new HelpFormatException(file, line, "text before the first '## ' section heading.");
}
