namespace FirmwareTools.HelpCompiler;

public enum MarkdownBlockKind
{
    Paragraph,
    ListItem,
    Code,

    /// <summary>A pipe table: Text holds its rows, one line each, the header first and no separator row.</summary>
    Table,
}
