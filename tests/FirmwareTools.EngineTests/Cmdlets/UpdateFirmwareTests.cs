using System.Management.Automation;
using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Protocols.BoardUpdate;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Lab;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>
/// Update-Firmware in the hosted engine against a served virtual lab (serve-lab's <see cref="ServedLab"/>, in process):
/// one ShouldProcess line per board, results and errors in input order with one error per failing board, one progress
/// activity per board, and Ctrl+C saying where each unfinished board was left.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class UpdateFirmwareTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly ServedLabSession bench = new();

    private VirtualLab lab => bench.Lab;

    private LabFirmwareSite site => bench.Site;

    private PowerShellSession ps => bench.Ps;

    public void Dispose() => bench.Dispose();

    [Fact]
    public void A_mixed_lab_is_updated_in_input_order_and_the_board_whose_download_fails_gets_one_error()
    {
        lab.AddPico(Rp2Chip.Rp2350, "1.22.2");
        lab.AddPyboard("1.22.2");
        lab.AddEsp32("1.24.1");
        lab.AddPico(Rp2Chip.Rp2040, "1.22.2");
        site.FailingFiles["RPI_PICO-20241129-v1.24.1.uf2"] = true;
        string[] ports = Serve();

        ScriptResult r = ps.Run("$ports | Update-Firmware -Version 1.24.1 -ThrottleLimit 4 -DestinationPath ./cache -Confirm:$false");

        var results = r.Objects<BoardUpdateResult>();
        Assert.Equal(ports, results.Select(x => x.Port));
        Assert.Equal([BoardUpdateAction.Updated, BoardUpdateAction.Updated, BoardUpdateAction.AlreadyCurrent, BoardUpdateAction.Failed], results.Select(x => x.Action));
        ErrorRecord error = Assert.Single(r.Errors);
        Assert.Equal("FirmwareDownloadFailed", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(OldFirmware, results[3].Stage);
        Assert.Equal(["v1.24.1", "v1.24.1", "v1.24.1", "v1.22.2"], lab.Boards.Select(b => b.RunningVersion));

        // Each board that ran has its own progress activities, every one completed.
        var perBoard = r.Progress.Where(p => p.Activity.StartsWith("Bootloader ", StringComparison.Ordinal)).GroupBy(p => p.ActivityId).ToList();
        Assert.Equal(2, perBoard.Count);
        Assert.All(r.Progress.GroupBy(p => p.ActivityId), g => Assert.Equal(ProgressRecordType.Completed, g.Last().RecordType));
    }

    [Fact]
    public void An_S3_on_native_USB_and_a_C3_on_its_USB_Serial_JTAG_are_listed_and_updated_through_their_usb_bridge_ports()
    {
        LabEsp32NativeUsb s3 = lab.AddEsp32S3("1.22.2");
        LabEsp32C3 c3 = lab.AddEsp32C3("1.22.2");
        string[] ports = Serve();
        Assert.All(ports, p => Assert.StartsWith("usb://127.0.0.1:", p, StringComparison.Ordinal));

        // Get-SerialPort lists them from the bridges with the ids they enumerate with (an empty sysfs hides the machine's own).
        ps.SetVariable("sys", Directory.CreateDirectory(Path.Combine(ps.WorkingFolder, "sys")).FullName);
        ScriptResult listed = ps.Run("$env:FIRMWARETOOLS_SYSFS_ROOT = $sys; try { Get-SerialPort } finally { $env:FIRMWARETOOLS_SYSFS_ROOT = $null }").AssertSucceeded();
        var infos = listed.Objects<FirmwareTools.Protocols.Serial.SerialPortInfo>();
        Assert.Equal(ports, infos.Select(i => i.Port));
        Assert.Equal(["303a:4001", "303a:1001"], infos.Select(i => i.Id));
        Assert.Equal("60:55:F9:C3:00:10", infos[1].SerialNumber);

        ScriptResult r = ps.Run("$ports | Update-Firmware -Version 1.24.1 -ThrottleLimit 2 -DestinationPath ./cache -Confirm:$false -Verbose").AssertSucceeded();

        var results = r.Objects<BoardUpdateResult>();
        Assert.Equal(ports, results.Select(x => x.Port));
        Assert.Equal([BoardUpdateAction.Updated, BoardUpdateAction.Updated], results.Select(x => x.Action));
        Assert.Equal(["ESP32_GENERIC_S3", "ESP32_GENERIC_C3"], results.Select(x => x.Board));
        Assert.Equal(["v1.24.1", "v1.24.1"], lab.Boards.Select(b => b.RunningVersion));
        Assert.Equal(1, s3.BootloaderEntries);
        string[] verbose = [.. r.Verbose.Select(v => v.Message)];
        Assert.Contains(verbose, v => v.StartsWith(ports[0], StringComparison.Ordinal) && v.Contains("by machine.bootloader(), then the ROM's USB-Serial/JTAG port found by MAC", StringComparison.Ordinal));
        Assert.Contains(verbose, v => v.StartsWith(ports[1], StringComparison.Ordinal) && v.Contains("by the USB-Serial/JTAG reset into the ROM loader", StringComparison.Ordinal));
        Assert.Contains(verbose, v => v.Contains($"Synced with the ROM loader on {ports[1]} after USBJTAGSerialReset", StringComparison.Ordinal));
        Assert.Equal(Esp32BoardState.RunApp, c3.Board.State);
    }

    [Fact]
    public void WhatIf_prints_one_line_per_board_and_touches_nothing()
    {
        LabPyboard pyboard = lab.AddPyboard("1.22.2");
        LabPico pico = lab.AddPico(Rp2Chip.Rp2350, "1.24.1");
        string[] ports = Serve();

        ScriptResult r = ps.Run("$ports | Update-Firmware -DestinationPath ./cache -WhatIf").AssertSucceeded();

        Assert.Contains($"What if: PYBV11 on {ports[0]}: v1.22.2 -> v1.24.1, PYBV11-20241129-v1.24.1.dfu", ps.Host.RecordingUI.Screen, StringComparison.Ordinal);
        Assert.DoesNotContain($"RPI_PICO2 on {ports[1]}: v1.24.1 ->", ps.Host.RecordingUI.Screen, StringComparison.Ordinal);
        Assert.Equal(0, pyboard.BootloaderEntries + pico.BootloaderEntries);
        Assert.Equal(0, site.FileDownloads);
        Assert.False(Directory.Exists(Path.Combine(ps.WorkingFolder, "cache")));

        // The current board is reported as it is; the one that would be updated writes nothing.
        BoardUpdateResult current = Assert.Single(r.Objects<BoardUpdateResult>());
        Assert.Equal((ports[1], BoardUpdateAction.AlreadyCurrent), (current.Port, current.Action));
    }

    [Fact]
    public void A_version_that_is_not_a_version_stops_before_any_board_is_read()
    {
        LabPyboard pyboard = lab.AddPyboard("1.22.2");
        Serve();

        ScriptResult r = ps.Run("$ports | Update-Firmware -Version newest -Confirm:$false");

        ErrorRecord error = Assert.Single(r.Errors);
        Assert.Equal("UpdateVersionInvalid", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Empty(r.Objects<BoardUpdateResult>());
        Assert.Equal(0, pyboard.PortOpens);
    }

    [Fact]
    public async Task Ctrl_c_in_the_middle_of_a_write_names_where_each_unfinished_board_was_left()
    {
        LabPyboard pyboard = lab.AddPyboard("1.22.2");
        LabPico pico = lab.AddPico(Rp2Chip.Rp2040, "1.22.2", new LabBoardSettings { TimeScale = 0, BootloaderNeverAppears = true });
        using TransferGate gate = TransferGate.ForLater();
        using var picoLeft = new ManualResetEventSlim();
        pyboard.BootloaderAppeared = bootloader => gate.HoldWrite(bootloader, afterBytes: 4096);
        pico.LeftApplication = picoLeft.Set;
        string[] ports = Serve();

        using RunningScript running = ps.Begin("$ports | Update-Firmware -Version 1.24.1 -ThrottleLimit 2 -DestinationPath ./cache -Confirm:$false");
        Assert.True(picoLeft.Wait(Limit), "the Pico never obeyed machine.bootloader()");

        // Both are mid-way: the pyboard held mid-write, the Pico waited for (its bootloader never comes). Stop there.
        await running.StopWhileHeld([gate], Limit);

        IReadOnlyList<string> warnings = ps.Host.RecordingUI.Warnings;
        Assert.Contains(warnings, w => w.StartsWith($"Stopped: {ports[0]} is in its bootloader as 0483:df11 {pyboard.UsbSerial}", StringComparison.Ordinal) && w.Contains("half written", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith($"Stopped: {ports[1]} is on its way into its bootloader", StringComparison.Ordinal));
        Assert.False(pyboard.InApplication);
    }

    [Fact]
    public void Ctrl_c_while_a_board_is_being_read_stops_before_anything_is_sent_to_it()
    {
        LabPyboard silent = lab.AddPyboard("1.22.2", new LabBoardSettings { TimeScale = 0, Silent = true });
        string[] ports = Serve();

        using RunningScript running = ps.Begin("$ports | Update-Firmware -Version 1.24.1 -DestinationPath ./cache -Confirm:$false");
        Assert.True(SpinWait.SpinUntil(() => silent.PortOpens > 0, Limit), "the board's port was never opened");
        running.Stop();
        ScriptResult r = running.Complete();

        // Stopped while its REPL was being entered: no ReplNoAnswer (the read did not run on), no result, nothing sent.
        Assert.Equal(PSInvocationState.Stopped, running.State);
        Assert.Empty(r.Errors);
        Assert.Empty(r.Objects<BoardUpdateResult>());
        Assert.Equal(0, silent.BootloaderEntries);
        Assert.True(silent.InApplication);
    }

    [Fact]
    public void Ctrl_c_while_waiting_for_the_new_firmware_says_it_is_written_and_verified_but_not_confirmed()
    {
        LabPico pico = lab.AddPico(Rp2Chip.Rp2350, "1.22.2", new LabBoardSettings { TimeScale = 0, NeverComesBack = true });
        string[] ports = Serve();

        using RunningScript running = ps.Begin("$ports | Update-Firmware -Version 1.24.1 -DestinationPath ./cache -Confirm:$false");
        Assert.True(running.WaitForProgress(p => p.Activity.StartsWith("Restart ", StringComparison.Ordinal), Limit), "the Pico never reached its restart step");
        running.Stop();
        running.Complete();

        Assert.Contains(ps.Host.RecordingUI.Warnings, w => w.StartsWith($"Stopped: {ports[0]} is on the new firmware (RPI_PICO2-20241129-v1.24.1.uf2), written and verified, not yet confirmed", StringComparison.Ordinal));
        Assert.Equal("v1.24.1", pico.Facts!.Tag);
    }

    [Fact]
    public void The_view_shows_a_board_that_came_back_under_another_name_by_both_names_within_80_columns()
    {
        // A served S3 keeps its usb:// name (its bridge shows whichever device it is now), so the view is given the results a renamed board makes.
        ps.SetVariable("results", new[]
        {
            new BoardUpdateResult("/dev/ttyACM0", BoardUpdateAction.Updated, TimeSpan.FromSeconds(75)) { Board = "ESP32_GENERIC_S3", Before = "v1.22.2", After = "v1.24.1", CurrentPort = "/dev/ttyACM1" },
            new BoardUpdateResult("COM38", BoardUpdateAction.Failed, TimeSpan.FromSeconds(9)) { Board = "ESP32_GENERIC_S2", Before = "v1.22.2", CurrentPort = "COM33" },
            new BoardUpdateResult("/dev/ttyUSB0", BoardUpdateAction.AlreadyCurrent, TimeSpan.FromSeconds(3)) { Board = "ESP32_GENERIC", Before = "v1.24.1", After = "v1.24.1" },
        });

        string[] lines = ps.Render("$results").Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();

        Assert.Equal(["Board", "Before", "After", "Action", "Time", "Port"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@" Updated +1:15 /dev/ttyACM0 -> ttyACM1$", lines[2]);
        Assert.Matches(@" Failed +0:09 COM38 -> COM33$", lines[3]);
        Assert.Matches(@" AlreadyCurrent +0:03 /dev/ttyUSB0$", lines[4]);
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"wider than 80 columns: '{l}'"));
        Assert.Equal("/dev/ttyACM1", ps.Run("$results[0].CurrentPort").Objects<string>().Single());
    }

    private const BoardUpdateStage OldFirmware = BoardUpdateStage.OldFirmware;

    private string[] Serve() => bench.Serve();
}
