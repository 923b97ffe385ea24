using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Inspection;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Http;
using FirmwareTools.Simulators.Serial;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>
/// Install-Esp32Firmware with a Pycom package in the real engine (issue 8): Save-Firmware's download piped in by its Path,
/// -WhatIf naming the script per flash size and opening nothing, -SkipUnchanged's per-region result and its view.
/// The virtual ESP32 is served as rfc2217:// on loopback; the package comes from a loopback HTTP server.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class Esp32PycomInstallTests : IDisposable
{
    private const string PackageName = "WiPy-1.20.2.rc7.tar.gz";
    private const string Script4MB = """
        {"version": "2.1",
         "partitions": {"factory": ["0x10000", "0x1AE000"], "ota_0": ["0x1C0000", "0x1AE000"], "otadata": ["0x1BE000", "0x1000"]},
         "script": [["e", "fs", "0x0"], ["w", "bootloader", "bootloader.bin"], ["w", "partitions", "partitions.bin"], ["w", "factory", "wipy.bin"]]}
        """;

    private readonly VirtualEsp32Server esp32;
    private readonly LoopbackHttpServer http = new();
    private readonly PowerShellSession ps = new();
    private readonly byte[] app = Esp32InstallTests.Image(64 * 1024, seed: 31);
    private readonly byte[] config = RandomNumberGenerator.GetBytes(0x1000);

    public Esp32PycomInstallTests()
    {
        esp32 = new VirtualEsp32Server(new VirtualEsp32Board(new VirtualEsp32Settings { TimeScale = 0 }), SerialTcpServerMode.Rfc2217);
        config.CopyTo(esp32.Board.Flash.Contents, 0x3FF000);
        byte[] package = Package();
        http.Map("/downloads/" + PackageName, ctx => LoopbackHttpServer.Bytes(ctx, package));
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, PackageName), package);
        ps.SetVariable("url", esp32.Url);
        ps.SetVariable("uri", new Uri(http.Root, "/downloads/" + PackageName));
        ps.SetVariable("hash", Convert.ToHexString(SHA256.HashData(package)));
    }

    public void Dispose()
    {
        ps.Dispose();
        esp32.Dispose();
        esp32.Board.Dispose();
        http.Dispose();
    }

    private byte[] Package()
    {
        var table = Enumerable.Repeat((byte)0xFF, 3072).ToArray();
        table[0] = 0xAA;
        table[1] = 0x50;
        var members = new (string Name, byte[] Data)[]
        {
            ("bootloader.bin", Esp32InstallTests.Image(8 * 1024, seed: 30)),
            ("partitions.bin", table),
            ("wipy.bin", app),
            ("script_4MB", System.Text.Encoding.UTF8.GetBytes(Script4MB)),
        };
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach ((string name, byte[] data) in members)
            {
                writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
            }
        }

        var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(tar.ToArray());
        }

        return gz.ToArray();
    }

    private void AssertPackageLanded()
    {
        Assert.Equal(app, esp32.Board.Flash.Contents.AsSpan(0x10000, app.Length).ToArray());
        Assert.Equal(config, esp32.Board.Flash.Contents.AsSpan(0x3FF000, 0x1000).ToArray());
        Assert.Equal(new byte[] { 0x02, 0x2F }, esp32.Board.Flash.Contents.AsSpan(0x1002, 2).ToArray());
    }

    [Fact]
    public void Get_FirmwareInfo_lists_the_package_files_and_what_its_script_writes_where()
    {
        ScriptResult r = ps.Run($"Get-FirmwareInfo -Path ./{PackageName}").AssertSucceeded();
        FirmwareInfo info = Assert.Single(r.Objects<FirmwareInfo>());
        Assert.Equal((FirmwareImageFormat.PycomPackage, true), (info.Format, info.IsValid));
        Assert.Equal(new[] { "bootloader.bin", "partitions.bin", "wipy.bin", "script_4MB" }, info.PycomPackage!.Files.Select(f => f.Name));

        string list = ps.Render($"Get-FirmwareInfo -Path ./{PackageName}");
        Assert.Matches(@"(?m)^Format +: PycomPackage$", list);
        Assert.Matches(@"(?m)^Files +: bootloader\.bin \(8192 bytes\)$", list);
        Assert.Matches(@"(?m)^ +wipy\.bin \(65536 bytes\)$", list);
        Assert.Matches(@"(?m)^Plans +: script_4MB \(4 MiB flash\):\n +erase 0x380000-0x3FEFFF \(fs\)\n +write 0x1000 bootloader\.bin \(8192 bytes\)\n +write 0x8000 partitions\.bin \(3072 bytes\)\n +write 0x10000 wipy\.bin \(65536 bytes\)\n +write 0x1BE000 otadata record \(4096 bytes\)$", list);
        Assert.DoesNotMatch(@"(?m)^(F405 sectors erased|Targets|Suffix|ESP32 image|Segments) ", list);
    }

    [Fact]
    public void Save_Firmware_piped_in_runs_the_package_script_by_its_Path()
    {
        ScriptResult r = ps.Run("Save-Firmware -Uri $uri -AllowHttp -ExpectedHash $hash -DestinationPath ./dl | Install-Esp32Firmware -Port $url -Confirm:$false").AssertSucceeded();

        Esp32InstallResult result = Assert.Single(r.Objects<Esp32InstallResult>());
        Assert.Equal(new uint[] { 0x380000, 0x1000, 0x8000, 0x10000, 0x1BE000 }, result.Regions.Select(g => g.Offset));
        Assert.Equal(Esp32RegionAction.Erased, result.Regions[0].Action);
        Assert.All(result.Regions.Skip(1), g => Assert.Equal(Esp32RegionAction.Written, g.Action));
        Assert.All(result.Regions, g => Assert.True(g.Verified));
        AssertPackageLanded();
    }

    [Fact]
    public void WhatIf_with_a_package_names_the_script_per_flash_size_and_opens_no_port()
    {
        ScriptResult r = ps.Run($"Install-Esp32Firmware -Port $url -Path ./{PackageName} -WhatIf").AssertSucceeded();
        Assert.Empty(r.Output);
        string screen = ps.Host.RecordingUI.Screen.Replace("\n", " ", StringComparison.Ordinal);
        Assert.Contains("What if:", screen, StringComparison.Ordinal);
        Assert.Contains("script_4MB", screen, StringComparison.Ordinal);
        Assert.Contains("refused", screen, StringComparison.Ordinal); // no script for 8 MB in this package
        Assert.Equal(0, esp32.ClientsAccepted);
    }

    [Fact]
    public void SkipUnchanged_re_flash_says_Skipped_per_region_in_the_view()
    {
        ps.Run($"Install-Esp32Firmware -Port $url -Path ./{PackageName} -Confirm:$false").AssertSucceeded();
        esp32.Board.ClearCommandLog();

        ScriptResult r = ps.Run($"$r = Install-Esp32Firmware -Port $url -Path ./{PackageName} -SkipUnchanged -Confirm:$false; $r.Regions | Out-Host; $r").AssertSucceeded();
        Esp32InstallResult result = Assert.Single(r.Objects<Esp32InstallResult>());
        Assert.All(result.Regions, g => Assert.Equal(Esp32RegionAction.Skipped, g.Action));
        Assert.DoesNotContain(esp32.Board.Commands, c => c.Opcode == Esp32RomOpcode.FLASH_DEFL_DATA || c.Opcode == Esp32RomOpcode.FLASH_BEGIN);
        string[] lines = ps.Host.RecordingUI.Screen.Split('\n');
        Assert.Contains(lines, l => l.Contains("Action", StringComparison.Ordinal));
        Assert.Equal(5, lines.Count(l => l.Contains("Skipped", StringComparison.Ordinal)));
        Assert.All(lines, l => Assert.True(l.TrimEnd('\r').Length <= 80, l));
        AssertPackageLanded();
    }

    [Fact]
    public void EraseAll_asks_with_a_message_that_says_it_wipes_the_config_block()
    {
        ScriptResult r = ps.Run($"Install-Esp32Firmware -Port $url -Path ./{PackageName} -EraseAll -WhatIf").AssertSucceeded();
        string screen = ps.Host.RecordingUI.Screen.Replace("\n", " ", StringComparison.Ordinal);
        Assert.Contains("WHOLE flash", screen, StringComparison.Ordinal);
        Assert.Contains("config block", screen, StringComparison.Ordinal);
        Assert.Equal(0, esp32.ClientsAccepted);
    }
}
