using System.Text.RegularExpressions;
using FirmwareTools.Testing;
using Xunit;

namespace FirmwareTools.Tests.Contract;

/// <summary>
/// No link in the repository's documentation or the module manifest points at nothing: every relative markdown link
/// resolves to a file or folder in the repository, and the manifest's LicenseUri and ReleaseNotes name files that exist.
/// </summary>
public partial class RepositoryLinksTests
{
    private const string RepositoryBlob = "https://github.com/firmwaretools/FirmwareTools/blob/main/";

    public static TheoryData<string> MarkdownFiles() => new(MarkdownFilePaths());

    /// <summary>The repository's markdown, relative to its root; build output, dependencies and dot-folders left out.</summary>
    public static List<string> MarkdownFilePaths() =>
        Directory.EnumerateFiles(RepoPaths.Root, "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(part => part is "node_modules" or "bin" or "obj" or "out" or "TestResults" || part.StartsWith('.')))
            .Order(StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void The_readme_changelog_and_help_are_among_the_files_checked()
    {
        List<string> files = MarkdownFilePaths();
        Assert.Contains("README.md", files);
        Assert.Contains("CHANGELOG.md", files);
        Assert.Contains("docs/help/Install-PyboardFirmware.md", files);
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void Every_relative_link_resolves_to_a_file(string file)
    {
        string text = File.ReadAllText(Path.Combine(RepoPaths.Root, file));
        string folder = Path.GetDirectoryName(Path.Combine(RepoPaths.Root, file))!;
        foreach (string target in RelativeLinks(text))
        {
            string path = Path.GetFullPath(Path.Combine(folder, Uri.UnescapeDataString(target)));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{file} links '{target}', which does not exist");
            Assert.True(path.StartsWith(RepoPaths.Root, StringComparison.Ordinal), $"{file} links '{target}', outside the repository (a fresh clone lacks it)");
        }
    }

    [Fact]
    public void The_link_reader_finds_links_outside_code_only()
    {
        const string text = "See [a](docs/a.md#part), [b](https://x.org), [c](#top), ![i](img/i.png \"title\").\n`[d](d.md)`\n```\n[e](e.md)\n```\n[f]: ref/f.md\n";
        Assert.Equal(["docs/a.md", "img/i.png", "ref/f.md"], RelativeLinks(text));
    }

    [Fact]
    public void The_manifest_links_name_files_that_exist()
    {
        var manifest = PowerShellDataFile.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "FirmwareTools.psd1")));
        var psData = (Dictionary<string, object?>)((Dictionary<string, object?>)manifest["PrivateData"]!)["PSData"]!;
        foreach (string key in new[] { "LicenseUri", "ReleaseNotes" })
        {
            string uri = (string)psData[key]!;
            Assert.StartsWith(RepositoryBlob, uri, StringComparison.Ordinal);
            string path = uri[RepositoryBlob.Length..];
            Assert.True(File.Exists(Path.Combine(RepoPaths.Root, path)), $"the manifest's {key} points at {path}, which is not in the repository");
        }

        Assert.Contains("MIT License", File.ReadAllText(Path.Combine(RepoPaths.Root, "LICENSE")), StringComparison.Ordinal);
    }

    /// <summary>Targets of inline links, images and reference definitions that are not web addresses or anchors, without their #fragment.</summary>
    public static IReadOnlyList<string> RelativeLinks(string markdown)
    {
        string prose = InlineCode().Replace(FencedCode().Replace(markdown, string.Empty), string.Empty);
        return InlineLink().Matches(prose).Select(m => m.Groups["target"].Value)
            .Concat(ReferenceDefinition().Matches(prose).Select(m => m.Groups["target"].Value))
            .Where(t => t.Length > 0 && !t.StartsWith('#') && !UriScheme().IsMatch(t))
            .Select(t => t.Split('#')[0])
            .ToList();
    }

    [GeneratedRegex(@"^\s*```.*?^\s*```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]*)(\s+""[^""]*"")?\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*(?<target>\S+)", RegexOptions.Multiline)]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex UriScheme();
}
