using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Dfu;
using Xunit;

namespace FirmwareTools.Tests.Dfu;

public class DfuClientTests
{
    private const byte GETSTATUS = 0x03, CLRSTATUS = 0x04, ABORT = 0x06, DNLOAD = 0x01, UPLOAD = 0x02;

    [Theory]
    [InlineData(BootloaderState.dfuIDLE, BootloaderStatus.OK, new byte[] { GETSTATUS })]
    [InlineData(BootloaderState.dfuERROR, BootloaderStatus.errFIRMWARE, new byte[] { GETSTATUS, CLRSTATUS, GETSTATUS })]
    [InlineData(BootloaderState.dfuDNLOAD_IDLE, BootloaderStatus.OK, new byte[] { GETSTATUS, ABORT, GETSTATUS })]
    [InlineData(BootloaderState.dfuUPLOAD_IDLE, BootloaderStatus.OK, new byte[] { GETSTATUS, ABORT, GETSTATUS })]
    public void Open_normalises_with_the_exact_request_sequence(BootloaderState initial, BootloaderStatus status, byte[] expected)
    {
        // Strict CLRSTATUS: a CLRSTATUS outside dfuERROR would STALL and fail the open.
        var board = new DfuTestBoard(s =>
        {
            s.InitialState = initial;
            s.InitialStatus = status;
            s.ClrStatusOutsideError = ClrStatusOutsideError.Stall;
        });
        DfuStatus final = board.Client.Open();
        Assert.Equal(DfuState.dfuIDLE, final.State);
        Assert.Equal(expected, board.Requests());
        Assert.Equal(BootloaderState.dfuIDLE, board.Device.State);
        Assert.Equal(0, board.Device.AlternateSettings[0]);
    }

    [Fact]
    public void A_device_running_its_application_is_not_in_dfu_mode()
    {
        var board = new DfuTestBoard(s => { s.InitialState = BootloaderState.appIDLE; s.InitialStatus = BootloaderStatus.OK; });
        var e = Assert.Throws<DfuProtocolException>(() => board.Client.Open());
        Assert.Equal("DfuNotInDfuMode", e.ErrorId);
        Assert.Contains("pyboard 3061B4493536", e.Message);
    }

    [Fact]
    public void Download_uses_one_set_address_consecutive_blocks_and_pads_the_last_to_a_word()
    {
        var board = new DfuTestBoard();
        board.Client.Open();
        board.Client.EraseSector(0x08020000, 128 * 1024);
        int start = board.Device.RequestLog.Count + 1;
        byte[] data = DfuTestBoard.Pattern(5001, 1);

        var progress = new List<long>();
        board.Client.Download(0x08020000, data, progress.Add);

        var downloads = board.Device.RequestLog.Where(r => r.Number >= start && r.IsDownload).ToList();
        Assert.Equal(new ushort[] { 0, 2, 3, 4 }, downloads.Select(r => r.Setup.Value));
        Assert.Equal(new ushort[] { 5, 2048, 2048, 908 }, downloads.Select(r => r.Setup.Length));
        Assert.Equal(new byte[] { 0x21, 0x00, 0x00, 0x02, 0x08 }, downloads[0].Data);
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF }, downloads[3].Data.AsSpan(905).ToArray());
        Assert.Equal(data, board.Device.Flash.AsSpan(0x20000, data.Length).ToArray());
        Assert.Equal(new long[] { 2048, 4096, 5001 }, progress);
        Assert.Equal(0, board.Device.ShortBlockViolations);
    }

    [Fact]
    public void Upload_aborts_first_reads_by_length_and_leaves_the_device_idle()
    {
        var board = new DfuTestBoard();
        byte[] data = DfuTestBoard.Pattern(5000, 2);
        Array.Copy(data, 0, board.Device.Flash, 0x100, data.Length);
        board.Client.Open();
        int start = board.Device.RequestLog.Count + 1;

        byte[] read = board.Client.Upload(0x08000100, 5000);

        Assert.Equal(data, read);
        Assert.Equal(new byte[] { ABORT, GETSTATUS, DNLOAD, GETSTATUS, GETSTATUS, ABORT, GETSTATUS, UPLOAD, UPLOAD, UPLOAD, ABORT, GETSTATUS }, board.Requests(start));
        var uploads = board.Device.RequestLog.Where(r => r.Request == UPLOAD).ToList();
        Assert.Equal(new ushort[] { 2, 3, 4 }, uploads.Select(r => r.Setup.Value));
        Assert.Equal(new ushort[] { 2048, 2048, 904 }, uploads.Select(r => r.Setup.Length));
        Assert.Equal(BootloaderState.dfuIDLE, board.Device.State);
    }

    [Fact]
    public void Stall_and_timeout_mid_upload_are_recovered_and_the_block_read_again()
    {
        var board = new DfuTestBoard();
        byte[] data = DfuTestBoard.Pattern(10000, 8);
        Array.Copy(data, 0, board.Device.Flash, 0x8000, data.Length);
        board.Client.Open();
        int start = board.Device.RequestLog.Count;
        // ABORT, GETSTATUS, SetAddress (3), ABORT, GETSTATUS, then UPLOAD blocks 2, 3 (#8, #9): stall block 3.
        board.Device.StallOnRequest = start + 9;
        Assert.Equal(data, board.Client.Upload(0x08008000, data.Length));
        board.Device.TimeoutOnRequest = board.Device.RequestLog.Count + 9;
        Assert.Equal(data, board.Client.Upload(0x08008000, data.Length));
        Assert.Equal(2, board.Log.Count(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("0x08008800")));
        Assert.Equal(BootloaderState.dfuIDLE, board.Device.State);
    }

    [Fact]
    public void Disallowed_address_is_a_typed_errTARGET_with_the_address()
    {
        var board = new DfuTestBoard();
        board.Client.Open();
        var e = Assert.Throws<DfuStatusException>(() => board.Client.SetAddress(0x08100000));
        Assert.Equal("DfuErrTarget", e.ErrorId);
        Assert.Equal(0x08100000u, e.Address);
        Assert.Equal("SetAddress", e.Operation);
        Assert.Equal(DfuState.dfuERROR, e.State);
        Assert.Contains("0x08100000", e.Message);
        Assert.Equal(BootloaderState.dfuIDLE, board.Device.State);
    }

    [Fact]
    public void Read_protected_device_gives_a_clear_error_and_no_unprotect_is_sent()
    {
        var board = new DfuTestBoard(s => s.ReadProtected = true);
        board.Client.Open();
        var erase = Assert.Throws<DfuStatusException>(() => board.Client.EraseSector(0x08000000, 16 * 1024));
        var read = Assert.Throws<DfuStatusException>(() => board.Client.Upload(0x08000000, 16));

        foreach (DfuStatusException e in new[] { erase, read })
        {
            Assert.Equal("DfuReadProtected", e.ErrorId);
            Assert.Equal(DfuStatusCode.errVENDOR, e.Status);
            Assert.Contains("read protection", e.Message);
            Assert.Contains("wipe", e.RecommendedAction);
        }

        Assert.False(board.UnprotectWasSent);
        Assert.Equal(0, board.Device.SectorEraseCounts.Sum());
    }

    [Fact]
    public void Read_protection_on_reads_alone_is_reported_from_the_stalled_upload()
    {
        var board = new DfuTestBoard(s => { s.ReadProtected = true; s.ReadProtectionRejectsSetAddress = false; });
        board.Client.Open();
        var e = Assert.Throws<DfuStatusException>(() => board.Client.Upload(0x08000000, 4096));
        Assert.Equal("DfuReadProtected", e.ErrorId);
        Assert.Equal("Read", e.Operation);
        Assert.False(board.UnprotectWasSent);
        Assert.Equal(BootloaderState.dfuIDLE, board.Device.State);
    }

    [Fact]
    public void Explicit_read_unprotect_wipes_the_chip_and_the_device_resets()
    {
        var board = new DfuTestBoard(s => { s.ReadProtected = true; s.BootJumperFitted = true; });
        Array.Fill(board.Device.Flash, (byte)0x42);
        board.Client.Open();
        board.Client.ReadUnprotect();
        Assert.True(board.UnprotectWasSent);
        Assert.False(board.Device.IsConnected);
        Assert.All(board.Device.Flash, b => Assert.Equal(0xFF, b));
        Assert.False(board.Device.IsReadProtected);
    }

    [Fact]
    public void Stall_mid_write_is_recovered_and_the_block_resent_after_a_fresh_set_address()
    {
        var board = new DfuTestBoard();
        board.Client.Open();
        board.Client.EraseSector(0x08020000, 128 * 1024);
        byte[] data = DfuTestBoard.Pattern(8192, 3);
        // Requests from here: SetAddress (3), block 2 (3), block 3 DNLOAD is the 7th.
        board.Device.StallOnRequest = board.Device.RequestLog.Count + 7;

        board.Client.Download(0x08020000, data);

        Assert.Equal(data, board.Device.Flash.AsSpan(0x20000, data.Length).ToArray());
        Assert.Equal(2, board.Device.RequestLog.Count(r => r.IsDfuSeCommand(DfuSeCommand.SetAddressPointer)));
        Assert.Contains(board.Log, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("0x08020800"));
        Assert.Contains(board.Device.RequestLog, r => r.Request == CLRSTATUS);
    }

    [Fact]
    public void Persistent_stall_mid_write_fails_with_a_re_flash_message()
    {
        var board = new DfuTestBoard();
        board.Client.Open();
        board.Client.MaxBlockAttempts = 1;
        board.Client.EraseSector(0x08020000, 128 * 1024);
        board.Device.StallOnRequest = board.Device.RequestLog.Count + 7;
        byte[] data = DfuTestBoard.Pattern(8192, 4);
        var e = Assert.Throws<DfuProtocolException>(() => board.Client.Download(0x08020000, data));
        Assert.Equal("DfuWriteFailed", e.ErrorId);
        Assert.Contains("0x08020800", e.Message);
        Assert.Contains("re-flashing", e.Message);
    }

    [Fact]
    public void Timeout_mid_write_is_recovered()
    {
        var board = new DfuTestBoard();
        board.Client.Open();
        board.Client.EraseSector(0x08020000, 128 * 1024);
        byte[] data = DfuTestBoard.Pattern(8192, 5);
        board.Device.TimeoutOnRequest = board.Device.RequestLog.Count + 10;  // block 4's DNLOAD
        board.Client.Download(0x08020000, data);
        Assert.Equal(data, board.Device.Flash.AsSpan(0x20000, data.Length).ToArray());
        Assert.Contains(board.Log, l => l.Contains("0x08021000"));
    }

    [Fact]
    public void Disconnect_mid_write_says_the_board_needs_re_flashing()
    {
        var board = new DfuTestBoard();
        board.Client.Open();
        board.Client.EraseSector(0x08020000, 128 * 1024);
        board.Device.DisconnectAfterDownloadBytes = 3000;
        byte[] data = DfuTestBoard.Pattern(8192, 6);
        var e = Assert.Throws<DfuDeviceLostException>(() => board.Client.Download(0x08020000, data));
        Assert.Equal("DfuDeviceLost", e.ErrorId);
        Assert.True(e.FlashModified);
        Assert.Equal(2048, e.BytesDone);
        Assert.Equal(0x08020800u, e.Address);
        Assert.Contains("needs re-flashing", e.Message);

        // Said once (issue 16, item 10: "needs re-flashing ... it needs re-flashing"); the action says what to do.
        Assert.DoesNotContain("re-flashing", e.RecommendedAction, StringComparison.Ordinal);
        Assert.Contains("flash it again", e.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_error_reported_by_the_device_is_typed_and_not_retried()
    {
        var board = new DfuTestBoard();
        board.Client.Open();
        board.Client.EraseSector(0x08020000, 128 * 1024);
        board.Device.FailWriteAddress = 0x08020900;
        board.Device.FailWriteStatus = BootloaderStatus.errVERIFY;
        byte[] data = DfuTestBoard.Pattern(8192, 7);
        var e = Assert.Throws<DfuStatusException>(() => board.Client.Download(0x08020000, data));
        Assert.Equal("DfuErrVerify", e.ErrorId);
        Assert.Equal(0x08020800u, e.Address);
        Assert.Equal(2, board.Device.RequestLog.Count(r => r.IsDownload && r.Setup.Value >= 2));
    }

    [Fact]
    public void Getstatus_stalled_while_busy_is_retried_until_the_erase_is_done()
    {
        // 16 KiB erase = 250 ms x 0.6 = 150 ms busy: the immediate second poll lands inside it.
        var board = new DfuTestBoard(s => s.TimeScale = 0.6);
        board.Client.Open();
        Array.Fill(board.Device.Flash, (byte)0);
        board.Device.StallGetStatusWhileBusy = true;
        int start = board.Device.RequestLog.Count + 1;
        board.Client.EraseSector(0x08000000, 16 * 1024);
        Assert.True(board.Requests(start).Count(r => r == GETSTATUS) >= 3);
        Assert.Equal(1, board.Device.SectorEraseCounts[0]);
        Assert.Equal(0xFF, board.Device.Flash[0x3FFF]);
        Assert.Equal(BootloaderState.dfuDNLOAD_IDLE, board.Device.State);
    }

    [Fact]
    public void Mass_erase_longer_than_the_usual_usb_timeout_completes_within_its_budget()
    {
        var board = new DfuTestBoard();
        board.Client.Open();
        board.Client.MassErase();
        Assert.Equal(Enumerable.Repeat(1, 12), board.Device.SectorEraseCounts);
        Assert.Contains(board.Log, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("filesystem"));
    }

    [Fact]
    public void Polite_busy_replies_are_polled_until_done()
    {
        var board = new DfuTestBoard(s => { s.BusyBehavior = BusyBehavior.Polite; s.TimeScale = 0.3; });
        board.Client.Open();
        board.Client.EraseSector(0x08020000, 128 * 1024);
        Assert.Equal(1, board.Device.SectorEraseCounts[5]);
        Assert.True(board.Device.RequestLog.Count(r => r.Request == GETSTATUS) >= 3);
    }

    [Fact]
    public void Bogus_poll_timeout_is_not_slept_on()
    {
        var board = new DfuTestBoard();
        board.Client.Open();
        board.Device.PollTimeoutOverride = 0xFFFFFF;
        board.Client.EraseSector(0x08000000, 16 * 1024);
        board.Client.SetAddress(0x08000000);
        Assert.Equal(1, board.Device.SectorEraseCounts[0]);
    }

    [Fact]
    public void Wrong_first_poll_state_is_reported()
    {
        var board = new DfuTestBoard();
        board.Client.Open();
        board.Device.WrongFirstPollState = BootloaderState.dfuIDLE;
        var e = Assert.Throws<DfuProtocolException>(() => board.Client.SetAddress(0x08000000));
        Assert.Equal("DfuUnexpectedState", e.ErrorId);
        Assert.Contains("dfuIDLE", e.Message);
    }

    [Fact]
    public void Erase_outlasting_its_budget_is_rescued_by_one_last_long_poll()
    {
        // 16 KiB erase = 250 ms of real time; the budget is 50 ms, the final poll allows 5 s.
        var board = new DfuTestBoard(s => s.TimeScale = 1.0);
        board.Client.Open();
        board.Client.Timeouts = new DfuClientTimeouts { Erase16K = TimeSpan.FromMilliseconds(50), FinalPoll = TimeSpan.FromSeconds(5) };
        Array.Fill(board.Device.Flash, (byte)0);
        int start = board.Device.RequestLog.Count + 1;
        board.Client.EraseSector(0x08000000, 16 * 1024);
        Assert.Equal(0xFF, board.Device.Flash[0]);
        Assert.Equal(new byte[] { DNLOAD, GETSTATUS, GETSTATUS, GETSTATUS }, board.Requests(start));
        Assert.Contains(board.Log, l => l.Contains("one last long poll"));
    }

    [Fact]
    public void Erase_outlasting_its_budget_and_the_final_poll_is_a_timeout()
    {
        var board = new DfuTestBoard(s => s.TimeScale = 1.0);
        board.Client.Open();
        board.Client.Timeouts = new DfuClientTimeouts { Erase128K = TimeSpan.FromMilliseconds(50), FinalPoll = TimeSpan.FromMilliseconds(50) };
        var e = Assert.Throws<DfuTimeoutException>(() => board.Client.EraseSector(0x08020000, 128 * 1024));
        Assert.Equal("DfuTimeout", e.ErrorId);
        Assert.Equal("EraseSector", e.Operation);
        Assert.Contains("0x08020000", e.Message);
    }

    [Fact]
    public void Leave_sets_the_address_sends_zero_length_dnload_and_swallows_the_disconnect()
    {
        var board = new DfuTestBoard();
        board.Client.Open();
        int start = board.Device.RequestLog.Count + 1;
        Assert.True(board.Client.Leave());
        Assert.False(board.Device.IsConnected);
        var requests = board.Device.RequestLog.Where(r => r.Number >= start).ToList();
        Assert.Equal(new byte[] { DNLOAD, GETSTATUS, GETSTATUS, DNLOAD, GETSTATUS }, requests.Select(r => r.Request));
        Assert.Equal(DfuSeCommand.SetAddressPayload(0x08000000), requests[0].Data);
        Assert.Equal(0, requests[3].Setup.Length);
        Assert.Throws<UsbDeviceGoneException>(() => board.Client.GetStatus());
    }

    [Fact]
    public void Leave_swallows_a_timeout_on_the_manifest_poll()
    {
        var board = new DfuTestBoard();
        board.Client.Open();
        board.Device.TimeoutOnRequest = board.Device.RequestLog.Count + 5;
        Assert.True(board.Client.Leave());
    }
}
