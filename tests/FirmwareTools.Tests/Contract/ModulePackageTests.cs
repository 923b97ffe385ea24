using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using Xunit;

namespace FirmwareTools.Tests.Contract;

/// <summary>
/// build.ps1 -Task Package runs `dotnet pack` on the cmdlet project: the .nupkg must hold the module at its root
/// (what Install-PSResource extracts into a module folder), carry the PSModule and per-cmdlet tags, and nothing
/// that should not ship.
/// </summary>
public sealed class ModulePackageTests : IDisposable
{
    private readonly string output = Directory.CreateTempSubdirectory("ft-pack-").FullName;

    public void Dispose() => Directory.Delete(output, recursive: true);

    [Fact]
    public void The_package_holds_the_module_at_its_root_with_PowerShell_gallery_tags()
    {
        string package = Pack();
        using ZipArchive zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).Where(n => !n.StartsWith("_rels/", StringComparison.Ordinal) && !n.StartsWith("package/", StringComparison.Ordinal) && n != "[Content_Types].xml").Order(StringComparer.Ordinal);
        Assert.Equal(
            new[] { "FirmwareTools.Format.ps1xml", "FirmwareTools.Protocols.dll", "FirmwareTools.dll", "FirmwareTools.nuspec", "FirmwareTools.psd1", "ICSharpCode.SharpZipLib.dll", "en-US/FirmwareTools.dll-Help.xml" }.Order(StringComparer.Ordinal),
            entries);

        // The host brings SerialPort (pwsh 7: its own System.IO.Ports; Windows PowerShell: System.dll). A second copy
        // in the module would load beside the host's and split the SerialPort type in two.
        Assert.DoesNotContain(entries, e => e.EndsWith("System.IO.Ports.dll", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(entries, e => e.Contains("System.IO.Ports.Native", StringComparison.OrdinalIgnoreCase));

        using Stream nuspec = zip.GetEntry("FirmwareTools.nuspec")!.Open();
        XElement metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        Assert.Equal("FirmwareTools", metadata.Elements().Single(e => e.Name.LocalName == "id").Value);
        Assert.Equal(ModuleMetadata.Instance.Module.GetName().Version!.ToString(3), metadata.Elements().Single(e => e.Name.LocalName == "version").Value);
        string[] tags = metadata.Elements().Single(e => e.Name.LocalName == "tags").Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("PSModule", tags);
        Assert.Contains("PSIncludes_Cmdlet", tags);
        foreach (CmdletMetadata cmdlet in ModuleMetadata.Instance.Cmdlets)
        {
            Assert.Contains("PSCmdlet_" + cmdlet.Name, tags);
        }

        // The packed manifest is the stamped one, not the template.
        using var manifest = new StreamReader(zip.GetEntry("FirmwareTools.psd1")!.Open());
        Assert.DoesNotContain("{{ModuleVersion}}", manifest.ReadToEnd(), StringComparison.Ordinal);
    }

    private string Pack()
    {
        // Pack what this test run built: the same configuration as the test assembly (test.sh builds Release).
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var start = new ProcessStartInfo("dotnet", ["pack", Path.Combine(RepoPaths.Root, "src", "FirmwareTools", "FirmwareTools.csproj"), "--no-build", "--nologo", "-c", configuration, "-o", output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "dotnet pack did not finish in 120 s");
        Assert.True(process.ExitCode == 0, $"dotnet pack failed ({process.ExitCode}): {stdout.Result}{stderr.Result}");
        return Assert.Single(Directory.GetFiles(output, "FirmwareTools.*.nupkg"));
    }
}
