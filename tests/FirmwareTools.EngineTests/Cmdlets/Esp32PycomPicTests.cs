using System.Management.Automation;
using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Pycom;
using FirmwareTools.Simulators.Serial;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>
/// Install-Esp32Firmware -Before PycomPic in the real engine: the virtual Pycom PIC in front of the virtual ESP32 (no
/// auto-reset lines, no jumper), served as rfc2217:// so the 5-data-bit switch travels as SET-DATASIZE.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class Esp32PycomPicTests : IDisposable
{
    private readonly VirtualSerialLink link = new("expansion-board-3");
    private readonly VirtualEsp32Board board = new(new VirtualEsp32Settings { TimeScale = 0, ModemLinesWired = false });
    private readonly VirtualPycomPic pic;
    private readonly SerialTcpServer server;
    private readonly PowerShellSession ps = new();
    private readonly byte[] firmware = Esp32InstallTests.Image(32 * 1024, seed: 41);

    public Esp32PycomPicTests()
    {
        pic = new VirtualPycomPic(link, board);
        server = new SerialTcpServer(link, SerialTcpServerMode.Rfc2217).Start();
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "micropython.bin"), firmware);
        ps.SetVariable("url", server.Url);
    }

    public void Dispose()
    {
        ps.Dispose();
        server.Dispose();
        pic.Dispose();
        board.Dispose();
    }

    [Fact]
    public void Before_PycomPic_flashes_through_the_PIC_and_returns_the_module_to_its_firmware()
    {
        ScriptResult r = ps.Run("Install-Esp32Firmware -Port $url -Path ./micropython.bin -Before PycomPic -Confirm:$false -Verbose").AssertSucceeded();

        Esp32InstallResult result = Assert.Single(r.Objects<Esp32InstallResult>());
        Assert.True(result.Reset);
        Assert.Equal(firmware, board.Flash.Contents.AsSpan(0x1000, firmware.Length).ToArray());
        Assert.Equal(2, pic.ResetPulses);
        Assert.False(pic.Ra5Low);
        Assert.True(board.WaitForState(Esp32BoardState.RunApp, TimeSpan.FromSeconds(10)));
        Assert.Contains(r.Verbose, v => v.Message.Contains("entering programming mode", StringComparison.Ordinal));
        Assert.Contains(r.Verbose, v => v.Message.Contains("leaving programming mode", StringComparison.Ordinal));
    }

    [Fact]
    public void A_silent_PIC_is_a_PycomPicNoAnswer_error_naming_the_port()
    {
        pic.Answers = false;
        ScriptResult r = ps.Run("Install-Esp32Firmware -Port $url -Path ./micropython.bin -Before PycomPic -Confirm:$false");

        ErrorRecord error = Assert.Single(r.Errors);
        Assert.Equal("PycomPicNoAnswer,FirmwareTools.InstallEsp32FirmwareCommand", error.FullyQualifiedErrorId);
        Assert.Contains(server.Url, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(board.Commands);
    }
}
