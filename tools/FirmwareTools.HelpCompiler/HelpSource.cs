using System.Xml.Linq;

namespace FirmwareTools.HelpCompiler;

/// <summary>
/// The help source folder (docs/help) compiled as a whole: every <c>Verb-Noun.md</c> becomes a command in the MAML
/// file its front matter names, every <c>about_*.md</c> an <c>about_*.help.txt</c>. README.md is for people reading
/// the folder and is skipped. Cross-file checks (examples call only real parameters) run here.
/// </summary>
public sealed class HelpSource
{
    private HelpSource(IReadOnlyList<CommandHelp> commands, IReadOnlyDictionary<string, string> aboutTopics)
    {
        Commands = commands;
        AboutTopics = aboutTopics;
    }

    public IReadOnlyList<CommandHelp> Commands { get; }

    /// <summary>File name (about_X.help.txt) to text.</summary>
    public IReadOnlyDictionary<string, string> AboutTopics { get; }

    public static HelpSource Read(string folder)
    {
        var files = Directory.GetFiles(folder, "*.md").Order(StringComparer.Ordinal).ToList();
        return Parse(files.Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase))
            .Select(f => (f, File.ReadAllText(f))));
    }

    public static HelpSource Parse(IEnumerable<(string File, string Text)> files)
    {
        var commands = new List<CommandHelp>();
        var about = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach ((string file, string text) in files)
        {
            MarkdownDocument document = MarkdownDocument.Parse(file, text);
            if (Path.GetFileName(file).StartsWith("about_", StringComparison.OrdinalIgnoreCase))
            {
                about[document.Title + ".help.txt"] = AboutTopicWriter.Write(document);
            }
            else
            {
                commands.Add(CommandMarkdownParser.Parse(document));
            }
        }

        ExampleChecker.Check(commands);
        return new HelpSource(commands, about);
    }

    /// <summary>The MAML documents, by the file name the commands' front matter gives.</summary>
    public IReadOnlyDictionary<string, XDocument> Maml() =>
        Commands.GroupBy(c => c.HelpFile, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => MamlWriter.Write(g), StringComparer.OrdinalIgnoreCase);

    /// <summary>Writes every MAML file and about topic into <paramref name="outputFolder"/> (the module's en-US); returns the paths written.</summary>
    public IReadOnlyList<string> WriteTo(string outputFolder)
    {
        Directory.CreateDirectory(outputFolder);
        var written = new List<string>();
        foreach ((string name, XDocument maml) in Maml())
        {
            string path = Path.Combine(outputFolder, name);
            using (var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                maml.Save(writer);
            }

            written.Add(path);
        }

        foreach ((string name, string text) in AboutTopics)
        {
            string path = Path.Combine(outputFolder, name);
            File.WriteAllText(path, text, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            written.Add(path);
        }

        return written;
    }
}
