using System.Xml.Linq;

namespace FirmwareTools.HelpCompiler;

/// <summary>
/// Writes commands as MAML the way platyPS's New-ExternalHelp does, so Get-Help renders them as it renders every
/// other module's help: one syntax item per parameter set, switches in the syntax without a value (Get-Help then
/// shows <c>[-Verify]</c>, not <c>[-Verify &lt;SwitchParameter&gt;]</c>), aliases in the parameter's
/// <c>aliases</c> attribute, and the example code exactly as written so it can be copied and run.
/// </summary>
public static class MamlWriter
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static XDocument Write(IEnumerable<CommandHelp> commands) =>
        new(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(
                Msh + "helpItems",
                new XAttribute("schema", "maml"),
                commands.Select(WriteCommand)));

    private static XElement WriteCommand(CommandHelp command) =>
        new(
            Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XElement(
                Command + "details",
                new XElement(Command + "name", command.Name),
                new XElement(Command + "verb", command.Verb),
                new XElement(Command + "noun", command.Noun),
                Description(command.Synopsis)),
            Description(command.Description),
            new XElement(Command + "syntax", command.Syntax.Select(set => SyntaxItem(command, set))),
            new XElement(Command + "parameters", command.Parameters.Select(p => Parameter(p, p.Usages[0], inSyntax: false))),
            new XElement(Command + "inputTypes", command.Inputs.Select(t => new XElement(Command + "inputType", Type(t.TypeName), Description(t.Description)))),
            new XElement(Command + "returnValues", command.Outputs.Select(t => new XElement(Command + "returnValue", Type(t.TypeName), Description(t.Description)))),
            new XElement(Maml + "alertSet", new XElement(Maml + "alert", Paragraphs(command.Notes))),
            new XElement(Command + "examples", command.Examples.Select(Example)),
            new XElement(Command + "relatedLinks", command.Links.Select(Link)));

    private static XElement SyntaxItem(CommandHelp command, SyntaxSet set) =>
        new(
            Command + "syntaxItem",
            new XElement(Maml + "name", command.Name),
            set.Parameters.Select(written =>
            {
                ParameterHelp parameter = command.Parameter(written.Name)!;
                ParameterUsage usage = command.Syntax.Count == 1 ? parameter.Usages[0] : parameter.UsageIn(set.Name)!;
                return Parameter(parameter, usage, inSyntax: true);
            }));

    private static XElement Parameter(ParameterHelp parameter, ParameterUsage usage, bool inSyntax)
    {
        var element = new XElement(
            Command + "parameter",
            new XAttribute("required", Lower(usage.Required)),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", Lower(usage.Globbing)),
            new XAttribute("pipelineInput", usage.PipelineInput),
            new XAttribute("position", usage.Position),
            new XAttribute("aliases", parameter.Aliases.Count > 0 ? string.Join(", ", parameter.Aliases) : "none"),
            new XElement(Maml + "name", parameter.Name),
            Description(parameter.Description));

        if (inSyntax && parameter.AcceptedValues.Count > 0)
        {
            element.Add(new XElement(
                Command + "parameterValueGroup",
                parameter.AcceptedValues.Select(v => new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v))));
        }

        // A switch has no value to type: in the syntax Get-Help then writes [-Verify]. In the parameter list the
        // value element stays (optional), as platyPS writes it, so -Full shows the type.
        if (!(inSyntax && parameter.IsSwitch))
        {
            element.Add(new XElement(
                Command + "parameterValue",
                new XAttribute("required", Lower(!parameter.IsSwitch)),
                new XAttribute("variableLength", Lower(parameter.Type.EndsWith("[]", StringComparison.Ordinal))),
                MamlType(parameter)));
        }

        element.Add(Type(MamlType(parameter)));
        element.Add(new XElement(Dev + "defaultValue", usage.DefaultValue));
        return element;
    }

    private static XElement Example(ExampleHelp example) =>
        new(
            Command + "example",
            new XElement(Maml + "title", $"-------------------------- {example.Title} --------------------------"),
            new XElement(Dev + "code", example.Code),
            new XElement(Dev + "remarks", Paragraphs(example.Remarks)));

    private static XElement Link(RelatedLink link) =>
        new(
            Maml + "navigationLink",
            new XElement(Maml + "linkText", link.Text),
            new XElement(Maml + "uri", IsAbsoluteWeb(link.Target) ? link.Target : string.Empty));

    private static bool IsAbsoluteWeb(string target) =>
        Uri.TryCreate(target, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static string MamlType(ParameterHelp parameter) => parameter.IsSwitch ? ParameterHelp.SwitchType : parameter.Type;

    private static XElement Type(string name) => new(Dev + "type", new XElement(Maml + "name", name), new XElement(Maml + "uri"));

    private static XElement Description(IEnumerable<string> paragraphs) => new(Maml + "description", Paragraphs(paragraphs));

    private static IEnumerable<XElement> Paragraphs(IEnumerable<string> paragraphs) => paragraphs.Select(p => new XElement(Maml + "para", p));

    private static string Lower(bool value) => value ? "true" : "false";
}
