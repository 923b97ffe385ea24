using FirmwareTools.Protocols;
using FirmwareTools.Protocols.BoardUpdate;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Lab;
using Xunit;

namespace FirmwareTools.Tests.BoardUpdate;

/// <summary>
/// The ESP32 routes on the chip's own USB against the virtual lab (docs/protocols/board-update.md §3.4, §3.5): an S3 on
/// TinyUSB through machine.bootloader() and its ROM's USB-Serial/JTAG port found by MAC, a C3 through the USJ reset on its
/// one device; each confirmed by its unique id reading the new version from its flash, and never guessed at.
/// </summary>
public class Esp32UsbRouteTests
{
    [Fact]
    public void An_s3_on_native_usb_goes_to_its_rom_port_found_by_mac_and_comes_back_on_tinyusb()
    {
        using var bench = new LabBench();
        LabEsp32NativeUsb board = bench.Lab.AddEsp32S3("1.22.2");

        (BoardUpdateResult? result, FirmwareToolsException? error, BoardUpdateContext context) = bench.Update(board.PortName, bench.Request());

        Assert.Null(error);
        Assert.Equal(("ESP32_GENERIC_S3", "v1.22.2", "v1.24.1", BoardUpdateAction.Updated), (result!.Board, result.Before, result.After, result.Action));
        Assert.Equal("ESP32_GENERIC_S3-20241129-v1.24.1.bin", result.Firmware);
        Assert.Equal(board.UniqueIdHex, result.UniqueId);
        Assert.Equal("v1.24.1", board.RunningVersion);
        Assert.Equal(1, board.BootloaderEntries);
        Assert.Equal(BoardUpdateStage.NewFirmware, context.Stage);
        Assert.StartsWith(board.RomPortName + " (303a:1001, serial 60:55:F9:53:00:10", context.BootloaderDevice, StringComparison.Ordinal);
        Assert.False(board.Board.ForceDownloadBootSet); // cleared before the RTS reset, or the chip would come back to the ROM
        Assert.Equal(0xE9, board.Board.Flash.Contents[0]); // the S3's image at 0x0
        Assert.Equal((board.PortName, board.PortName), (result.Port, result.CurrentPort)); // it came back under its name
    }

    [Fact]
    public void An_s3_that_comes_back_under_another_name_is_confirmed_there_and_its_result_names_both_ports()
    {
        using var bench = new LabBench();
        LabEsp32NativeUsb board = bench.Lab.AddEsp32S3("1.22.2", new LabBoardSettings { TimeScale = 0, ReturnsAsPort = "LAB-S3-RENAMED" });

        (BoardUpdateResult? result, FirmwareToolsException? error, BoardUpdateContext context) = bench.Update(board.PortName, bench.Request());

        Assert.Null(error);
        Assert.Equal("LAB-S3-RENAMED", board.ApplicationPortName);
        Assert.Equal((board.PortName, "LAB-S3-RENAMED", BoardUpdateAction.Updated, "v1.24.1"), (result!.Port, result.CurrentPort, result.Action, result.After));
        Assert.Equal(board.UniqueIdHex, result.UniqueId); // confirmed on the new name by the same unique id
        Assert.Equal($"{board.PortName} (now LAB-S3-RENAMED): ESP32_GENERIC_S3 v1.22.2 -> v1.24.1 Updated", result.ToString());

        // The next command takes the new name: the board is current there, and the old name is gone.
        BoardUpdatePlan again = bench.Plan(result.CurrentPort, bench.Request());
        Assert.True(again.IsCurrent);
        Assert.Equal("SerialPortNotFound", Assert.ThrowsAny<FirmwareToolsException>(() => bench.Plan(board.PortName, bench.Request())).ErrorId);
    }

    [Fact]
    public void A_failed_s3_found_under_another_name_reports_that_name_with_its_failure()
    {
        using var bench = new LabBench();
        LabEsp32NativeUsb board = bench.Lab.AddEsp32S3("1.22.2", new LabBoardSettings { TimeScale = 0, ReturnsAsPort = "LAB-S3-RENAMED", RunsOldImageAfterFlash = true });

        (_, FirmwareToolsException? error, BoardUpdateContext context) = bench.Update(board.PortName, bench.Request());
        BoardUpdateResult failed = BoardUpdateResult.Failed(context, error!);

        Assert.Equal("UpdateVersionNotConfirmed", error!.ErrorId);
        Assert.Equal((board.PortName, "LAB-S3-RENAMED", BoardUpdateAction.Failed), (failed.Port, failed.CurrentPort, failed.Action));
        Assert.Equal(("v1.22.2", BoardUpdateStage.Restarting, "ESP32_GENERIC_S3-20241129-v1.24.1.bin"), (failed.Before, failed.Stage, failed.Firmware));
        Assert.Same(error, failed.Error);
    }

    [Fact]
    public void A_failed_s3_that_never_came_back_reports_the_port_it_was_given_as_its_current_port()
    {
        using var bench = new LabBench();
        LabEsp32NativeUsb board = bench.Lab.AddEsp32S3("1.22.2", new LabBoardSettings { TimeScale = 0, ReturnsAsPort = "LAB-S3-RENAMED", NeverComesBack = true });

        (_, FirmwareToolsException? error, BoardUpdateContext context) = bench.Update(board.PortName, bench.Request());

        Assert.Equal("UpdateBoardNotBack", error!.ErrorId);
        Assert.Equal(board.PortName, BoardUpdateResult.Failed(context, error).CurrentPort); // nothing found: no name is made up
    }

    [Fact]
    public void An_s3_whose_tinyusb_port_has_another_vendors_ids_takes_the_native_route_and_is_found_again_by_them()
    {
        using var bench = new LabBench();
        LabEsp32NativeUsb board = bench.Lab.AddEsp32S3("1.22.2", new LabBoardSettings { TimeScale = 0, ApplicationUsbId = (0x239A, 0x811B), ReturnsAsPort = "LAB-FEATHER-S3" });

        (BoardUpdateResult? result, FirmwareToolsException? error, BoardUpdateContext context) = bench.Update(board.PortName, bench.Request());

        Assert.Null(error);
        Assert.IsType<Esp32NativeUsbRoute>(context.Plan.Route);
        Assert.Equal((BoardUpdateAction.Updated, "v1.24.1", "LAB-FEATHER-S3"), (result!.Action, result.After, result.CurrentPort));
        Assert.Equal(1, board.BootloaderEntries); // machine.bootloader(), not a DTR/RTS reset
        Assert.StartsWith(board.RomPortName + " (303a:1001, serial 60:55:F9:53:00:10", context.BootloaderDevice, StringComparison.Ordinal);
        Assert.False(board.Board.ForceDownloadBootSet);
    }

    [Fact]
    public void An_s3_with_another_vendors_ids_that_never_returns_gets_an_error_naming_those_ids()
    {
        using var bench = new LabBench();
        LabEsp32NativeUsb board = bench.Lab.AddEsp32S3("1.22.2", new LabBoardSettings { TimeScale = 0, ApplicationUsbId = (0x239A, 0x811B), NeverComesBack = true });

        (_, FirmwareToolsException? error, _) = bench.Update(board.PortName, bench.Request());

        Assert.Equal("UpdateBoardNotBack", error!.ErrorId);
        Assert.Contains("no port 239A:811B with a USB serial number starting with " + board.UniqueIdHex, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_c3_on_usb_serial_jtag_is_reset_into_its_rom_on_the_same_device_and_back()
    {
        using var bench = new LabBench();
        LabEsp32C3 board = bench.Lab.AddEsp32C3("1.22.2");

        (BoardUpdateResult? result, FirmwareToolsException? error, BoardUpdateContext context) = bench.Update(board.PortName, bench.Request());

        Assert.Null(error);
        Assert.Equal(("ESP32_GENERIC_C3", "v1.22.2", "v1.24.1", BoardUpdateAction.Updated), (result!.Board, result.Before, result.After, result.Action));
        Assert.Equal(board.UniqueIdHex, result.UniqueId);
        Assert.Equal("v1.24.1", board.RunningVersion);
        Assert.Equal(0, board.BootloaderEntries); // the USJ reset, not machine.bootloader()
        Assert.True(board.Board.CoreResets >= 2); // into the ROM, and out of it
        Assert.Equal(board.PortName, context.CurrentPort);
    }

    [Fact]
    public void The_second_run_finds_the_s3_and_the_c3_current_and_writes_nothing()
    {
        using var bench = new LabBench();
        LabEsp32NativeUsb s3 = bench.Lab.AddEsp32S3("1.22.2");
        LabEsp32C3 c3 = bench.Lab.AddEsp32C3("1.22.2");
        IReadOnlyList<BoardJobOutcome<BoardUpdateResult>> first = bench.UpdateAll([s3.PortName, c3.PortName], bench.Request());
        Assert.All(first, o => Assert.Equal(BoardUpdateAction.Updated, o.Value!.Action));
        int downloads = bench.Site.FileDownloads;
        int s3Commands = s3.Board.Commands.Count;
        int c3Commands = c3.Board.Commands.Count;

        IReadOnlyList<BoardJobOutcome<BoardUpdateResult>> second = bench.UpdateAll([s3.PortName, c3.PortName], bench.Request());

        Assert.All(second, o => Assert.Equal(BoardUpdateAction.AlreadyCurrent, o.Value!.Action));
        Assert.Equal((s3Commands, c3Commands), (s3.Board.Commands.Count, c3.Board.Commands.Count)); // no ROM command at all
        Assert.Equal(1, s3.BootloaderEntries);
        Assert.Equal(downloads, bench.Site.FileDownloads);
    }

    [Fact]
    public void An_s3_whose_rom_port_never_appears_gets_its_error_naming_what_was_expected()
    {
        using var bench = new LabBench();
        LabEsp32NativeUsb board = bench.Lab.AddEsp32S3("1.22.2", new LabBoardSettings { TimeScale = 0, BootloaderNeverAppears = true });

        (_, FirmwareToolsException? error, BoardUpdateContext context) = bench.Update(board.PortName, bench.Request());

        Assert.Equal("UpdateBootloaderNotFound", error!.ErrorId);
        Assert.Contains("303A:1001 with serial number 60:55:F9:53:00:10", error.Message, StringComparison.Ordinal);
        Assert.Equal(BoardUpdateStage.EnteringBootloader, context.Stage);
        Assert.Empty(board.Board.Commands);
    }

    [Fact]
    public void Two_s3s_vanishing_at_once_whose_rom_serials_match_nothing_are_not_guessed_between()
    {
        using var bench = new LabBench();
        LabEsp32NativeUsb first = bench.Lab.AddEsp32S3("1.22.2", new LabBoardSettings { TimeScale = 0, BootloaderSerialOverride = "AA:AA:AA:AA:AA:A1" });
        LabEsp32NativeUsb second = bench.Lab.AddEsp32S3("1.22.2", new LabBoardSettings { TimeScale = 0, BootloaderSerialOverride = "AA:AA:AA:AA:AA:B2" });
        first.LeftApplication = second.EnterBootloaderNow;

        (_, FirmwareToolsException? error, BoardUpdateContext context) = bench.Update(first.PortName, bench.Request());

        Assert.Equal("UpdateBootloaderAmbiguous", error!.ErrorId);
        Assert.Contains("AA:AA:AA:AA:AA:A1", error.Message, StringComparison.Ordinal);
        Assert.Contains("AA:AA:AA:AA:AA:B2", error.Message, StringComparison.Ordinal);
        Assert.Empty(first.Board.Commands); // nothing written to either
        Assert.Empty(second.Board.Commands);
        Assert.Equal(BoardUpdateStage.EnteringBootloader, context.Stage);
    }

    [Fact]
    public void An_s3_whose_tinyusb_port_never_returns_gets_an_error_naming_the_port_it_waited_for()
    {
        using var bench = new LabBench();
        LabEsp32NativeUsb board = bench.Lab.AddEsp32S3("1.22.2", new LabBoardSettings { TimeScale = 0, NeverComesBack = true });

        (_, FirmwareToolsException? error, BoardUpdateContext context) = bench.Update(board.PortName, bench.Request());

        Assert.Equal("UpdateBoardNotBack", error!.ErrorId);
        Assert.Contains("303A:4001 with a USB serial number starting with " + board.UniqueIdHex, error.Message, StringComparison.Ordinal);
        Assert.Equal(BoardUpdateStage.Restarting, context.Stage);
        Assert.Equal("v1.24.1", board.Facts!.Tag); // written and verified: only the return failed
    }

    [Fact]
    public void An_s2_on_native_usb_goes_to_its_rom_otg_port_found_by_usb_location_and_leaves_by_watchdog()
    {
        using var bench = new LabBench();
        LabEsp32NativeUsb board = bench.Lab.AddEsp32S2("1.22.2");

        (BoardUpdateResult? result, FirmwareToolsException? error, BoardUpdateContext context) = bench.Update(board.PortName, bench.Request());

        Assert.Null(error);
        Assert.Equal(("ESP32_GENERIC_S2", "v1.22.2", "v1.24.1", BoardUpdateAction.Updated), (result!.Board, result.Before, result.After, result.Action));
        Assert.Equal(board.UniqueIdHex, result.UniqueId);
        Assert.Equal("v1.24.1", board.RunningVersion);
        Assert.StartsWith(board.RomPortName + " (303a:0002, serial 0, at 1-7.1)", context.BootloaderDevice, StringComparison.Ordinal);
        Assert.Equal(BoardUpdateStage.NewFirmware, context.Stage);
    }
}
