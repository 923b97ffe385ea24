using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using FirmwareTools.Testing;
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
            new[] { "FirmwareTools.Format.ps1xml", "FirmwareTools.Protocols.dll", "FirmwareTools.dll", "FirmwareTools.nuspec", "FirmwareTools.psd1", "HtmlAgilityPack.dll", "ICSharpCode.SharpZipLib.dll", "en-US/FirmwareTools.dll-Help.xml", "en-US/about_FirmwareTools.help.txt",
                     // Windows PowerShell 5.1 only (DesktopClosureTests): what .NET Framework 4.8 lacks for SharpZipLib.
                     "Desktop/System.Buffers.dll", "Desktop/System.Memory.dll", "Desktop/System.Numerics.Vectors.dll", "Desktop/System.Runtime.CompilerServices.Unsafe.dll", "Desktop/System.Threading.Tasks.Extensions.dll" }.Order(StringComparer.Ordinal),
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

    [Fact]
    public void The_PowerShell_engine_used_by_the_tests_is_in_neither_the_module_folder_nor_the_package()
    {
        // System.Management.Automation is a test-only package (the engine tests and the demo host it); the module
        // must run on the engine of whoever imports it, so no copy of any version may ship.
        Assert.Empty(Directory.GetFiles(RepoPaths.ModuleFolder, "System.Management.Automation*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(RepoPaths.ModuleFolder, "Microsoft.PowerShell*", SearchOption.AllDirectories));

        using ZipArchive zip = ZipFile.OpenRead(Pack());
        Assert.DoesNotContain(zip.Entries, e => e.Name.StartsWith("System.Management.Automation", StringComparison.OrdinalIgnoreCase) || e.Name.StartsWith("Microsoft.PowerShell", StringComparison.OrdinalIgnoreCase));
        using var nuspec = new StreamReader(zip.GetEntry("FirmwareTools.nuspec")!.Open());
        Assert.DoesNotContain("System.Management.Automation", nuspec.ReadToEnd(), StringComparison.OrdinalIgnoreCase);

        // And the shipped project never asks for it: only the test projects and the simulators reference it.
        string project = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "FirmwareTools", "FirmwareTools.csproj"));
        Assert.DoesNotContain("\"System.Management.Automation\"", project, StringComparison.Ordinal);
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
