using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Samples;
using FirmwareTools.Simulators.Serial;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>
/// socket:// ports (issue 16, item 8): raw TCP cannot carry a baud rate change to the far UART, so the ESP32 flash keeps
/// the connect rate there unless -FlashBaudRate is given, and says so; a host name that does not resolve gets a network
/// hint, not a list of the machine's serial ports.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class SocketPortTests : IDisposable
{
    private readonly VirtualEsp32Server server;
    private readonly PowerShellSession ps = new();

    public SocketPortTests()
    {
        // README's "--mode raw": the board waits in its ROM loader; the line between server and board stays at 115200.
        server = new VirtualEsp32Server(new VirtualEsp32Board(VirtualEsp32Server.ServedSettings(timeScale: 0)), SerialTcpServerMode.Raw);
        SampleFirmware.WriteAll(ps.WorkingFolder);
        ps.SetVariable("url", server.Url);
    }

    public void Dispose()
    {
        ps.Dispose();
        server.Dispose();
        server.Board.Dispose();
    }

    [Fact]
    public void A_socket_port_keeps_the_connect_rate_and_says_so()
    {
        ScriptResult r = ps.Run("Install-Esp32Firmware -Port $url -Path ./ESP32_GENERIC-sample.bin -Confirm:$false -Verbose").AssertSucceeded();

        Esp32InstallResult result = Assert.Single(r.Objects<Esp32InstallResult>());
        Assert.True(result.Verified);
        Assert.Equal(115200, result.BaudRate);
        Assert.Contains(r.Verbose, v => v.Message.Contains("keeping 115200 baud", StringComparison.Ordinal) && v.Message.Contains("-FlashBaudRate", StringComparison.Ordinal));
        Assert.DoesNotContain(server.Board.Commands, c => c.Opcode == Esp32RomOpcode.CHANGE_BAUDRATE);

        // Issue 16, item 10: no line names the port twice ("socket://...: socket://... has no DTR/RTS lines").
        foreach (string line in r.Verbose.Select(v => v.Message).Concat(r.Warnings.Select(w => w.Message)))
        {
            Assert.True(line.IndexOf(server.Url, StringComparison.Ordinal) == line.LastIndexOf(server.Url, StringComparison.Ordinal), line);
        }
    }

    [Fact]
    public void A_mistyped_host_gets_a_network_hint()
    {
        ScriptResult r = ps.Run("Install-Esp32Firmware -Port socket://no-such-host.invalid:4000 -Path ./ESP32_GENERIC-sample.bin -Confirm:$false");

        System.Management.Automation.ErrorRecord error = Assert.Single(r.Errors);
        Assert.Equal("SerialPortNotFound,FirmwareTools.InstallEsp32FirmwareCommand", error.FullyQualifiedErrorId);
        Assert.StartsWith("The network port socket://no-such-host.invalid:4000 cannot be reached", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("host name", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.DoesNotContain("Get-SerialPort", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
    }
}
