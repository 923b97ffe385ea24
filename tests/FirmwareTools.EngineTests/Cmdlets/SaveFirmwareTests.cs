using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Inspection;
using FirmwareTools.Protocols.Pyboard;
using FirmwareTools.Simulators.Http;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>Save-Firmware's output feeding the other cmdlets, against a loopback HTTP server (a direct link: -Uri with -AllowHttp).</summary>
[Collection(EngineCollection.Name)]
public sealed class SaveFirmwareTests : IDisposable
{
    private const string FileName = "PYBV11-20240222-v1.22.2.dfu";
    private readonly LoopbackHttpServer server = new();
    private readonly VirtualBench bench = VirtualBench.Start("3061B4493536");
    private readonly PowerShellSession ps = new();
    private readonly string served = Directory.CreateTempSubdirectory("ft-served-").FullName;
    private readonly byte[] vectors;
    private readonly byte[] text;

    public SaveFirmwareTests()
    {
        ps.UseBench(bench);
        (vectors, text) = TestFirmware.WritePyboardDfu(served, FileName);
        byte[] file = File.ReadAllBytes(Path.Combine(served, FileName));
        server.Map("/resources/firmware/" + FileName, ctx => LoopbackHttpServer.Bytes(ctx, file));
        ps.SetVariable("uri", new Uri(server.Root, "/resources/firmware/" + FileName));
        ps.SetVariable("hash", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(file)));
    }

    public void Dispose()
    {
        ps.Dispose();
        bench.Dispose();
        server.Dispose();
        Directory.Delete(served, recursive: true);
    }

    [Fact]
    public void Save_Firmware_piped_to_Get_FirmwareInfo_inspects_the_downloaded_file()
    {
        ScriptResult r = ps.Run("Save-Firmware -Uri $uri -AllowHttp -ExpectedHash $hash | Get-FirmwareInfo").AssertSucceeded();

        FirmwareInfo info = Assert.Single(r.Objects<FirmwareInfo>());
        Assert.Equal(Path.Combine(ps.WorkingFolder, FileName), info.Path);
        Assert.True(info.IsValid);
        Assert.Equal([0, 5], info.F405SectorNumbers);
        Assert.Equal(["/resources/firmware/" + FileName], server.Requests);
    }

    [Fact]
    public void Save_Firmware_piped_to_Install_PyboardFirmware_flashes_what_was_downloaded()
    {
        ScriptResult r = ps.Run("Save-Firmware -Uri $uri -AllowHttp -ExpectedHash $hash -DestinationPath ./fw | Install-PyboardFirmware -Verify -Confirm:$false").AssertSucceeded();

        PyboardInstallResult result = Assert.Single(r.Objects<PyboardInstallResult>());
        Assert.Equal(Path.Combine(ps.WorkingFolder, "fw", FileName), result.FirmwarePath);
        Assert.True(result.Verified);
        Assert.Equal(vectors, TestFirmware.FlashAt(bench.Boards[0], TestFirmware.VectorsAddress, vectors.Length));
        Assert.Equal(text, TestFirmware.FlashAt(bench.Boards[0], TestFirmware.TextAddress, text.Length));
    }

    [Fact]
    public void Save_Firmware_WhatIf_downloads_nothing()
    {
        ScriptResult r = ps.Run("Save-Firmware -Uri $uri -AllowHttp -WhatIf").AssertSucceeded();

        Assert.Empty(r.Output);
        Assert.Empty(server.Requests);
        Assert.Contains("What if:", ps.Host.RecordingUI.Screen, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(ps.WorkingFolder, FileName)));
    }

    [Fact]
    public void Board_names_complete_through_TabExpansion2()
    {
        ScriptResult r = ps.Run("$line = 'Save-Firmware -Board PYBV1'; (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText").AssertSucceeded();
        Assert.Equal(["PYBV10", "PYBV11"], r.Output.Select(o => (string)o.BaseObject));

        ScriptResult esp = ps.Run("$line = 'Save-Firmware esp32_generic_s'; (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText").AssertSucceeded();
        Assert.Equal(["ESP32_GENERIC_S2", "ESP32_GENERIC_S3"], esp.Output.Select(o => (string)o.BaseObject));
    }
}
