using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Simulators.Samples;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>
/// Each installer refuses a file for the other family of boards by what the file is, before a board is looked for or a
/// port opened, and names the cmdlet that takes it (issue 16, item 3): an ESP32 .bin or a Pycom .tar.gz given to
/// Install-PyboardFirmware (also with the -Address its old error asked for), a .dfu given to Install-Esp32Firmware, a
/// Pico's .uf2 given to either.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class FirmwareFamilyTests : IDisposable
{
    private readonly VirtualBench bench = VirtualBench.Start("3061B4493536");
    private readonly PowerShellSession ps = new();

    public FirmwareFamilyTests()
    {
        ps.UseBench(bench);
        SampleFirmware.WriteAll(ps.WorkingFolder);
    }

    public void Dispose()
    {
        ps.Dispose();
        bench.Dispose();
    }

    [Theory]
    [InlineData("ESP32_GENERIC-sample.bin", "is an ESP32 firmware image", "")]
    [InlineData("ESP32_GENERIC-sample.bin", "is an ESP32 firmware image", " -Address 0x08000000")]
    [InlineData("WiPy-sample.tar.gz", "is a Pycom firmware package", "")]
    [InlineData("WiPy-sample.tar.gz", "is a Pycom firmware package", " -Address 08000000")]
    public void Install_PyboardFirmware_refuses_esp32_firmware_naming_Install_Esp32Firmware(string file, string what, string address)
    {
        int requests = bench.Boards[0].RequestLog.Count;
        ScriptResult r = ps.Run($"Get-DfuDevice | Install-PyboardFirmware -Path ./{file}{address} -Confirm:$false");

        System.Management.Automation.ErrorRecord error = Assert.Single(r.Errors);
        Assert.Equal("FirmwareForAnotherFamily,FirmwareTools.InstallPyboardFirmwareCommand", error.FullyQualifiedErrorId);
        Assert.Contains(what, error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was written", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("Install-Esp32Firmware", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.Empty(r.Output);
        Assert.Empty(ps.Host.RecordingUI.Prompts);

        // Get-DfuDevice lists the board with standard requests only; the installer sent it no DFU request.
        Assert.Equal(requests, bench.Boards[0].RequestLog.Count);
    }

    [Theory]
    [InlineData("Get-DfuDevice | Install-PyboardFirmware -Path ./RPI_PICO2-sample.uf2 -Confirm:$false", "FirmwareForAnotherFamily,FirmwareTools.InstallPyboardFirmwareCommand")]
    [InlineData("Get-DfuDevice | Install-PyboardFirmware -Path ./RPI_PICO2-sample.uf2 -Address 08000000 -Confirm:$false", "FirmwareForAnotherFamily,FirmwareTools.InstallPyboardFirmwareCommand")]
    [InlineData("Install-Esp32Firmware -Port socket://127.0.0.1:1 -Path ./RPI_PICO2-sample.uf2 -Confirm:$false", "FirmwareForAnotherFamily,FirmwareTools.InstallEsp32FirmwareCommand")]
    public void A_UF2_given_to_the_pyboard_or_ESP32_installer_is_refused_naming_Install_Rp2Firmware(string command, string errorId)
    {
        int requests = bench.Boards[0].RequestLog.Count;
        ScriptResult r = ps.Run(command);

        System.Management.Automation.ErrorRecord error = Assert.Single(r.Errors);
        Assert.Equal(errorId, error.FullyQualifiedErrorId);
        Assert.Contains("'RPI_PICO2-sample.uf2' is a UF2 file for a Raspberry Pi Pico", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was written", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("Install-Rp2Firmware", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.Empty(r.Output);
        Assert.Equal(requests, bench.Boards[0].RequestLog.Count);
    }

    [Fact]
    public void Install_Esp32Firmware_says_a_dfu_file_is_for_an_STM32_and_names_Install_PyboardFirmware()
    {
        // Port 1 on loopback: nothing listens, so an attempt to open it would be a different error.
        ScriptResult r = ps.Run("Install-Esp32Firmware -Port socket://127.0.0.1:1 -Path ./PYBV11-sample.dfu -Confirm:$false");

        System.Management.Automation.ErrorRecord error = Assert.Single(r.Errors);
        Assert.Equal("FirmwareForAnotherFamily,FirmwareTools.InstallEsp32FirmwareCommand", error.FullyQualifiedErrorId);
        Assert.Contains("is a DfuSe file for an STM32", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("Install-PyboardFirmware", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void The_samples_are_what_their_installers_take()
    {
        // The sample files README uses are sound to Get-FirmwareInfo, one per family.
        ScriptResult r = ps.Run("'PYBV11-sample.dfu', 'ESP32_GENERIC-sample.bin', 'WiPy-sample.tar.gz', 'RPI_PICO2-sample.uf2' | ForEach-Object { Get-FirmwareInfo -Path ./$_ }").AssertSucceeded();
        var infos = r.Objects<Protocols.Inspection.FirmwareInfo>();
        Assert.Equal(["DfuSe", "Esp32Image", "PycomPackage", "Uf2"], infos.Select(i => i.Format.ToString()));
        Assert.All(infos, i => Assert.True(i.IsValid, i.Problem));
    }
}
