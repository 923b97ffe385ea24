using System.Management.Automation;
using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Protocols.Downloads;
using FirmwareTools.Protocols.MicroPython;
using FirmwareTools.Protocols;
using FirmwareTools.Simulators.MicroPython;
using FirmwareTools.Simulators.Serial;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>
/// Get-DeviceVersion in the real engine: against real MicroPython (the npm webassembly interpreter behind the node
/// bridge, over socket:// and a socat pty) and against virtual REPL boards served on loopback TCP.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class GetDeviceVersionTests : IDisposable
{
    private readonly PowerShellSession ps = new();
    private readonly List<IDisposable> cleanup = [];

    public void Dispose()
    {
        ps.Dispose();
        for (int i = cleanup.Count - 1; i >= 0; i--)
        {
            cleanup[i].Dispose();
        }
    }

    [Fact]
    public void Reads_the_real_interpreters_version_over_socket()
    {
        var bridge = Keep(MicroPythonBridgeProcess.Start());
        ps.SetVariable("port", bridge.Url);

        ScriptResult r = ps.Run("Get-DeviceVersion -Port $port -Timeout 15").AssertSucceeded();

        DeviceVersion v = Assert.Single(r.Objects<DeviceVersion>());
        Assert.Equal(bridge.Url, v.Port);
        Assert.Equal(FirmwareVersion.Parse("v" + MicroPythonBridgeProcess.PackageVersion), v.MicroPythonVersion);
        Assert.Equal(DeviceVersionSource.Sys, v.Source);
        Assert.Equal("webassembly", v.SysName);
    }

    [Fact]
    public void Reads_the_real_interpreter_with_a_pyboard_uname_through_a_pty_from_the_pipeline()
    {
        var bridge = Keep(MicroPythonBridgeProcess.Start(unameLikePyboard: true));
        ps.SetVariable("pty", bridge.StartPty());

        ScriptResult r = ps.Run("$pty | Get-DeviceVersion -Timeout 15 | ForEach-Object { $_.Board; $_.Mcu; $_.MicroPythonVersion.ToString(); [string]$_.Source }").AssertSucceeded();

        Assert.Equal(["PYBv1.1", "STM32F405RG", "v1.22.2", "OsUname"], r.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void Many_ports_in_parallel_come_back_in_order_with_one_error_per_failing_port()
    {
        string good1 = Serve(l => new VirtualReplBoard(l));
        string silent = Serve(l => new VirtualReplBoard(l) { Mode = VirtualReplBoardMode.Silent });
        string good2 = Serve(l => new VirtualReplBoard(l) { Uname = "(sysname='rp2', nodename='rp2', release='1.23.0', version='v1.23.0 on 2024-06-02', machine='Raspberry Pi Pico with RP2040')" });
        string bootloader = Serve(l => new VirtualReplBoard(l) { Mode = VirtualReplBoardMode.Esp32Bootloader });
        ps.SetVariable("ports", new[] { good1, silent, "/dev/ttyFirmwareToolsNoSuchPort", good2, bootloader });

        ScriptResult r = ps.Run("$ports | Get-DeviceVersion -Timeout 1 -ThrottleLimit 3; 'after'");

        Assert.Equal([good1, good2], r.Objects<DeviceVersion>().Select(v => v.Port));
        Assert.Equal(["PYBv1.1", "Raspberry Pi Pico"], r.Objects<DeviceVersion>().Select(v => v.Board));
        Assert.Equal("after", r.Output[^1].BaseObject);
        Assert.Equal(
            ["ReplNoAnswer,FirmwareTools.GetDeviceVersionCommand", "SerialPortNotFound,FirmwareTools.GetDeviceVersionCommand", "ReplBoardInBootloader,FirmwareTools.GetDeviceVersionCommand"],
            r.Errors.Select(e => e.FullyQualifiedErrorId));
        Assert.Equal([silent, "/dev/ttyFirmwareToolsNoSuchPort", bootloader], r.Errors.Select(e => e.TargetObject));
        Assert.Equal(ErrorCategory.OperationTimeout, r.Errors[0].CategoryInfo.Category);
        Assert.Contains("ESP32 bootloader", r.Errors[2].Exception.Message, StringComparison.Ordinal);
        Assert.NotNull(r.Errors[2].ErrorDetails?.RecommendedAction);
    }

    [Fact]
    public void Binds_Port_by_property_name_and_shows_a_table_within_80_columns()
    {
        string port = Serve(l => new VirtualReplBoard(l)
        {
            Uname = "(sysname='FiPy', nodename='FiPy', release='1.20.2.r6', version='v1.11-c5a0a97 on 2021-10-28', machine='FiPy with ESP32', lorawan='1.0.2', sigfox='1.0.1', pybytes='1.7.1')",
        });
        ps.SetVariable("port", port);

        string screen = ps.Render("[pscustomobject]@{ Port = $port } | Get-DeviceVersion");

        string[] lines = screen.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Matches(@"^Board +MCU +Version +Built +Port$", lines[0]);
        Assert.True(
            lines.Any(l => l.Contains("FiPy", StringComparison.Ordinal) && l.Contains("ESP32", StringComparison.Ordinal) && l.Contains("Pycom 1.20.2.r6", StringComparison.Ordinal) && l.EndsWith("2021-10-28 " + port, StringComparison.Ordinal)),
            screen);
        Assert.All(screen.Split('\n'), l => Assert.True(l.TrimEnd('\r').Length <= 80, $"wider than 80 columns: '{l}'"));
    }

    [Fact]
    public void SoftReset_resets_each_board_once_and_only_when_asked()
    {
        VirtualReplBoard? plain = null;
        VirtualReplBoard? reset = null;
        string first = Serve(l => plain = new VirtualReplBoard(l));
        string second = Serve(l => reset = new VirtualReplBoard(l));
        ps.SetVariable("first", first);
        ps.SetVariable("second", second);

        ps.Run("Get-DeviceVersion -Port $first; Get-DeviceVersion -Port $second -SoftReset").AssertSucceeded();

        Assert.Equal(0, plain!.SoftResets);
        Assert.Equal(1, reset!.SoftResets);
    }

    [Fact]
    public void A_program_that_ignores_Ctrl_C_gets_its_own_error_without_a_DFU_hint()
    {
        string port = Serve(l => new VirtualReplBoard(l) { ProgramRunning = true, IgnoresInterrupt = true });
        ps.SetVariable("port", port);

        ScriptResult r = ps.Run("Get-DeviceVersion -Port $port -Timeout 1");

        ErrorRecord e = Assert.Single(r.Errors);
        Assert.Equal("ReplProgramRunning,FirmwareTools.GetDeviceVersionCommand", e.FullyQualifiedErrorId);
        Assert.Equal(port, e.TargetObject);
        Assert.DoesNotContain("DFU", e.Exception.Message + e.ErrorDetails?.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_counts_boards_not_bytes()
    {
        // Issue 16, item 6: the query's progress read "0 of 1 bytes, 0 B/s".
        string port = Serve(l => new VirtualReplBoard(l));
        ps.SetVariable("port", port);

        ScriptResult r = ps.Run("Get-DeviceVersion -Port $port").AssertSucceeded();

        Assert.NotEmpty(r.Progress);
        Assert.All(r.Progress, p => Assert.Equal("Query MicroPython boards", p.Activity));
        Assert.Contains(r.Progress, p => p.StatusDescription == "0 of 1 boards");
        Assert.DoesNotContain(r.Progress, p => p.StatusDescription.Contains("bytes", StringComparison.Ordinal) || p.StatusDescription.Contains("B/s", StringComparison.Ordinal));
    }

    private string Serve(Func<VirtualSerialLink, VirtualReplBoard> make)
    {
        var link = new VirtualSerialLink();
        Keep(make(link).Start());
        return Keep(new SerialTcpServer(link, SerialTcpServerMode.Raw).Start()).Url;
    }

    private T Keep<T>(T disposable)
        where T : IDisposable
    {
        cleanup.Add(disposable);
        return disposable;
    }
}
