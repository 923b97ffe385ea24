using FirmwareTools.Tests.Common;
using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Protocols.MicroPython;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Protocols;
using FirmwareTools.Simulators.MicroPython;
using Xunit;

namespace FirmwareTools.Tests.Peers;

/// <summary>
/// The raw REPL client against real MicroPython (the npm webassembly interpreter behind
/// tests/peers/micropython-repl-bridge.js), over socket:// and through a socat pseudo-terminal.
/// </summary>
public class MicroPythonPeerTests
{
    private static readonly RawReplOptions Options = new() { Timeout = TimeSpan.FromSeconds(15) };

    [Fact]
    public void Reads_the_real_interpreters_version_over_socket_through_the_sys_fallback()
    {
        using var bridge = MicroPythonBridgeProcess.Start();
        using ISerialPort port = SerialPorts.Open(bridge.Url);

        DeviceVersion v = DeviceVersionReader.Read(port, Options, null, CancellationToken.None);

        AssertIsThePinnedInterpreter(v, bridge.Url);
    }

    [Fact]
    public void Reads_the_real_interpreter_through_a_pseudo_terminal_and_System_IO_Ports()
    {
        using var bridge = MicroPythonBridgeProcess.Start();
        string pty = bridge.StartPty();
        using ISerialPort port = SerialPorts.Open(pty);

        DeviceVersion v = DeviceVersionReader.Read(port, Options, null, CancellationToken.None);

        AssertIsThePinnedInterpreter(v, pty);
    }

    [Fact]
    public void Reads_a_pyboard_shaped_uname_from_the_real_interpreter()
    {
        using var bridge = MicroPythonBridgeProcess.Start(unameLikePyboard: true);
        using ISerialPort port = SerialPorts.Open(bridge.Url);

        DeviceVersion v = DeviceVersionReader.Read(port, Options, null, CancellationToken.None);

        Assert.Equal(DeviceVersionSource.OsUname, v.Source);
        Assert.Equal("PYBv1.1", v.Board);
        Assert.Equal("STM32F405RG", v.Mcu);
        Assert.Equal(FirmwareVersion.Parse("v1.22.2"), v.MicroPythonVersion);
    }

    [Fact]
    public void The_real_raw_REPL_refuses_raw_paste_runs_code_and_reports_its_traceback()
    {
        using var bridge = MicroPythonBridgeProcess.Start();
        using ISerialPort port = SerialPorts.Open(bridge.Url);
        using var session = new RawReplSession(port, Options);
        session.Enter(softReset: false, CancellationToken.None);

        string output = session.Execute("print(6 * 7)\nprint('a' + 'b')", CancellationToken.None);
        var e = Catalogued.Throws("MicroPythonCodeFailed", () => session.Execute("x = 1\n1/0", CancellationToken.None));
        string after = session.Execute("print(x)", CancellationToken.None);

        Assert.False(session.RawPasteSupported);
        Assert.Equal("42\nab\n", output); // the webassembly port ends printed lines with \n alone
        Assert.Contains("ZeroDivisionError", e.Message);
        Assert.Contains("the code raised an error on the board:" + Environment.NewLine + "Traceback (most recent call last):", e.Message);
        Assert.Equal("1\n", after);
    }

    private static void AssertIsThePinnedInterpreter(DeviceVersion v, string portName)
    {
        string pinned = MicroPythonBridgeProcess.PackageVersion;
        Assert.Equal(portName, v.Port);
        Assert.Equal(DeviceVersionSource.Sys, v.Source);
        Assert.Equal("webassembly", v.SysName);
        Assert.Equal(FirmwareVersion.Parse("v" + pinned), v.MicroPythonVersion);
        Assert.Equal("v" + pinned, v.GitDescribe);
        Assert.Equal(pinned, v.Release);
        Assert.NotNull(v.BuildDate);
        Assert.Equal("JS with Emscripten", v.Machine);
    }
}
