namespace FirmwareTools.HelpCompiler;

public enum MarkdownBlockKind
{
    Paragraph,
    ListItem,
    Code,
}
