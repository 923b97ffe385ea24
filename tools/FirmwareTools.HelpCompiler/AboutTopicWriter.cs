using System.Text;

namespace FirmwareTools.HelpCompiler;

/// <summary>
/// Turns an about topic in platyPS's layout (<c># about_Name</c>, <c>## SHORT DESCRIPTION</c>, <c>## LONG
/// DESCRIPTION</c>, further <c>##</c> sections) into the plain-text <c>about_Name.help.txt</c> that Get-Help shows:
/// section titles in capitals, text indented four spaces and wrapped at 80 columns, code kept line for line.
/// </summary>
public static class AboutTopicWriter
{
    public const int Width = 80;

    public static string Write(MarkdownDocument document)
    {
        string name = document.Title;
        string expectedFile = name + ".md";
        if (!name.StartsWith("about_", StringComparison.Ordinal) || !Path.GetFileName(document.File).Equals(expectedFile, StringComparison.OrdinalIgnoreCase))
        {
            throw new HelpFormatException(document.File, document.TitleLine, $"an about topic's title must be its file name without .md ({Path.GetFileNameWithoutExtension(document.File)}), starting with about_.");
        }

        foreach (string required in new[] { "SHORT DESCRIPTION", "LONG DESCRIPTION" })
        {
            MarkdownSection section = document.Section(required)
                ?? throw new HelpFormatException(document.File, document.TitleLine, $"the about topic has no '## {required}' section.");
            if (section.Blocks.Count == 0 && section.Subsections.Count == 0)
            {
                throw new HelpFormatException(document.File, section.Line, $"'## {required}' is empty.");
            }
        }

        var text = new StringBuilder();
        text.Append("TOPIC\n    ").Append(name).Append("\n\n");
        foreach (MarkdownSection section in document.Sections)
        {
            text.Append(section.Title.ToUpperInvariant()).Append('\n');
            WriteBlocks(text, section.Blocks);
            foreach (MarkdownSection subsection in section.Subsections)
            {
                text.Append("  ").Append(subsection.Title).Append('\n');
                WriteBlocks(text, subsection.Blocks);
            }
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    private static void WriteBlocks(StringBuilder text, IEnumerable<MarkdownBlock> blocks)
    {
        foreach (MarkdownBlock block in blocks)
        {
            switch (block.Kind)
            {
                case MarkdownBlockKind.Code:
                    foreach (string line in block.Text.Split('\n'))
                    {
                        text.Append(line.Length == 0 ? string.Empty : "        " + line).Append('\n');
                    }

                    break;
                case MarkdownBlockKind.Table:
                    WriteTable(text, block.Text.Split('\n'));
                    continue;
                case MarkdownBlockKind.ListItem:
                    bool numbered = char.IsDigit(block.Text[0]);
                    Wrap(text, numbered ? block.Text : "- " + block.Text, "    ", numbered ? "       " : "      ");
                    break;
                default:
                    Wrap(text, block.Text, "    ", "    ");
                    break;
            }

            text.Append('\n');
        }
    }

    /// <summary>
    /// A table does not fit 80 columns side by side, so each row becomes its first cell on a line of its own and the
    /// other cells under it, each led by its column's header ("When: ...", "What to do: ...").
    /// </summary>
    private static void WriteTable(StringBuilder text, IReadOnlyList<string> rows)
    {
        IReadOnlyList<string> headers = MarkdownDocument.Cells(rows[0]);
        foreach (string row in rows.Skip(1))
        {
            IReadOnlyList<string> cells = MarkdownDocument.Cells(row);
            text.Append("    ").Append(cells[0]).Append('\n');
            for (int c = 1; c < cells.Count; c++)
            {
                string label = c < headers.Count ? headers[c] + ": " : string.Empty;
                Wrap(text, label + cells[c], "        ", "            ");
            }

            text.Append('\n');
        }
    }

    private static void Wrap(StringBuilder text, string paragraph, string firstIndent, string indent)
    {
        var line = new StringBuilder(firstIndent);
        bool empty = true;
        foreach (string word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > Width)
            {
                text.Append(line).Append('\n');
                line.Clear().Append(indent);
                empty = true;
            }

            if (!empty)
            {
                line.Append(' ');
            }

            line.Append(word);
            empty = false;
        }

        text.Append(line).Append('\n');
    }
}
