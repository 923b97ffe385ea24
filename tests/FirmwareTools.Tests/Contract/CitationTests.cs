using System.Text.RegularExpressions;
using FirmwareTools.Testing;
using Xunit;

namespace FirmwareTools.Tests.Contract;

/// <summary>
/// Everything the repository cites is in the repository: no source, test, tool, README or doc points at the research
/// briefs outside it, and every "docs/protocols/NOTE.md §N" names a note that exists and a section that note has.
/// </summary>
public class CitationTests
{
    private static readonly string[] Folders = ["src", "tests", "tools", "docs"];

    private static readonly string[] Extensions = [".cs", ".ps1", ".psm1", ".psd1", ".ps1xml", ".sh", ".js", ".md", ".proj", ".csproj", ".targets", ".props"];

    // "../shared/...", the outside DESIGN.md (the design of record is docs/design.md), "brief §4.9", "the brief".
    private static readonly Regex Outside = new(@"\.\./shared|shared/protocols|\bDESIGN\.md|\b[Bb]rief §|\b[Tt]he brief\b|\b[Bb]rief's\b", RegexOptions.CultureInvariant);

    private static readonly Regex Citation = new(@"docs/protocols/(?<note>[a-z0-9-]+\.md) §(?<section>\d+(\.\d+)*)", RegexOptions.CultureInvariant);

    [Fact]
    public void Nothing_cites_a_file_outside_the_repository()
    {
        string[] offenders = TextFiles()
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => Outside.IsMatch(l.Text))
            .Select(l => $"{Relative(l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToArray();

        Assert.True(offenders.Length == 0, "cites outside the repository:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void Every_protocol_note_citation_names_an_existing_note_and_section()
    {
        var sections = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var broken = new List<string>();
        int cited = 0;
        foreach (string file in TextFiles())
        {
            int number = 0;
            foreach (string line in File.ReadLines(file))
            {
                number++;
                foreach (Match m in Citation.Matches(line))
                {
                    cited++;
                    string note = m.Groups["note"].Value;
                    if (!sections.TryGetValue(note, out HashSet<string>? known))
                    {
                        known = SectionsOf(note);
                        sections[note] = known;
                    }

                    if (!known.Contains(m.Groups["section"].Value))
                    {
                        broken.Add($"{Relative(file)}:{number}: {m.Value}");
                    }
                }
            }
        }

        Assert.True(cited > 100, $"only {cited} citations found: the scan is not reading the tree");
        Assert.True(broken.Count == 0, "citations of a missing note or section:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void The_citation_check_finds_a_section_a_note_lacks()
    {
        HashSet<string> known = SectionsOf("dfu-dfuse.md");

        Assert.Contains("4.9", known);
        Assert.Contains("3", known);
        Assert.DoesNotContain("99.1", known);
        Assert.Empty(SectionsOf("no-such-note.md"));
        Assert.Matches(Outside, "see ../shared/protocols/dfu-dfuse.md");
        Assert.Matches(Outside, "(brief §4.9)");
        Assert.Matches(Outside, "// Brief §3.3: WRITE 4096 B");
        Assert.DoesNotMatch(Outside, "(docs/protocols/dfu-dfuse.md §4.9); the design of record is docs/design.md");
    }

    /// <summary>The section numbers a note's headings carry: "## 4. Title" gives 4, "### 4.9 Title" gives 4.9.</summary>
    private static HashSet<string> SectionsOf(string note)
    {
        string path = Path.Combine(RepoPaths.Root, "docs", "protocols", note);
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return found;
        }

        foreach (string line in File.ReadLines(path))
        {
            Match m = Regex.Match(line, @"^#{2,4} (?<n>\d+(\.\d+)*)\.?\s");
            if (m.Success)
            {
                found.Add(m.Groups["n"].Value);
            }
        }

        return found;
    }

    private static IEnumerable<string> TextFiles()
    {
        IEnumerable<string> files = Folders
            .Select(f => Path.Combine(RepoPaths.Root, f))
            .Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Where(f => !IsGenerated(f));
        return files.Append(Path.Combine(RepoPaths.Root, "README.md"));
    }

    private static bool IsGenerated(string path)
    {
        string relative = Relative(path).Replace('\\', '/');
        return relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal)
            || relative.Contains("/node_modules/", StringComparison.Ordinal) || relative.Contains("/TestResults/", StringComparison.Ordinal)
            || relative.Contains("/corpus/", StringComparison.Ordinal) || relative.Contains(".citations", StringComparison.Ordinal)
            || relative.EndsWith("Contract/CitationTests.cs", StringComparison.Ordinal);
    }

    private static string Relative(string path) => Path.GetRelativePath(RepoPaths.Root, path);
}
