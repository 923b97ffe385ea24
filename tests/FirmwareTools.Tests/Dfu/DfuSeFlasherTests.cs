using FirmwareTools.Tests.Common;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Dfu;
using Xunit;

namespace FirmwareTools.Tests.Dfu;

public class DfuSeFlasherTests
{
    private const byte CLRSTATUS = 0x04;

    /// <summary>A MicroPython-shaped image: vectors + early text at 0x08000000, the rest at 0x08020000 (sectors 5-7).</summary>
    private static (DfuSeElement First, DfuSeElement Second) PyboardImage()
    {
        byte[] first = DfuTestBoard.Pattern(14 * 1024 + 3, 10);
        first[0] = 0x00; first[1] = 0x00; first[2] = 0x02; first[3] = 0x20;   // initial SP 0x20020000
        byte[] second = DfuTestBoard.Pattern(300 * 1024 + 10, 11);
        return (new DfuSeElement(0x08000000, first), new DfuSeElement(0x08020000, second));
    }

    private static DfuSeFlashPlan PyboardJob(DfuSeElement first, DfuSeElement second) =>
        Stm32F405FlashMap.CreatePlan([new DfuSeTarget(0, "ST...", [first, second])]);

    [Fact]
    public void Two_element_image_is_flashed_verified_and_the_filesystem_sectors_are_untouched()
    {
        var board = new DfuTestBoard();   // starts in dfuERROR/errFIRMWARE, like a fresh ROM session
        Array.Fill(board.Device.Flash, (byte)0x00);
        byte[] filesystem = DfuTestBoard.Pattern(0x1C000, 12);
        Array.Copy(filesystem, 0, board.Device.Flash, 0x4000, filesystem.Length);
        var (first, second) = PyboardImage();
        var progress = new SyncProgress();

        board.Client.Open();
        DfuSeFlashResult result = new DfuSeFlasher(board.Client).Flash(PyboardJob(first, second), new DfuSeFlashOptions { Verify = true }, progress);

        Assert.Equal(first.Data, board.Device.Flash.AsSpan(0, first.Data.Length).ToArray());
        Assert.Equal(second.Data, board.Device.Flash.AsSpan(0x20000, second.Data.Length).ToArray());
        Assert.Equal(filesystem, board.Device.Flash.AsSpan(0x4000, 0x1C000).ToArray());
        Assert.Equal(new[] { 1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0 }, board.Device.SectorEraseCounts);
        Assert.Equal(0x00, board.Device.Flash[0x80000]);   // sector 8: not in the plan, not erased
        Assert.Equal(0, board.Device.ShortBlockViolations);

        Assert.True(result.Verified);
        Assert.True(result.LeftDfuMode);
        Assert.Equal(14 * 1024 + 3 + 300 * 1024 + 10, result.BytesWritten);
        Assert.Equal(new uint[] { 0x08000000, 0x08020000 }, result.RegionsWritten.Select(r => r.Address));
        Assert.Equal(new[] { 0, 5, 6, 7 }, result.SectorsErased.Select(e => e.Index));
        Assert.False(result.MassErased);
        Assert.Equal(1, board.Device.RequestLog.Count(r => r.Request == CLRSTATUS));

        Assert.Equal(new[] { "Erase", "Write", "Verify" }, progress.Reports.Select(p => p.Phase).Distinct());
        Assert.Equal(3 * 128 * 1024 + 16 * 1024, progress.Reports.Last(p => p.Phase == "Erase").Completed);
        Assert.Equal(result.BytesWritten, progress.Reports.Last(p => p.Phase == "Write").Completed);
        Assert.True(progress.Reports.Last(p => p.Phase == "Verify").IsFinal);

        // The board left DFU mode and came back as the application, same serial.
        Assert.False(board.Device.IsConnected);
        IUsbDevice app = Assert.Single(board.Bus.GetDevices());
        Assert.Equal(new byte[] { 0x55, 0xF0, 0x00, 0x98 }, app.GetDeviceDescriptor().AsSpan(8, 4).ToArray());
    }

    [Fact]
    public void No_reset_leaves_the_device_idle_in_dfu_mode()
    {
        var board = new DfuTestBoard();
        var (first, second) = PyboardImage();
        board.Client.Open();
        DfuSeFlashResult result = new DfuSeFlasher(board.Client).Flash(PyboardJob(first, second), new DfuSeFlashOptions { Verify = false, NoReset = true });
        Assert.False(result.LeftDfuMode);
        Assert.False(result.Verified);
        Assert.True(board.Device.IsConnected);
        Assert.Equal(BootloaderState.dfuIDLE, board.Device.State);
        Assert.DoesNotContain(board.Device.RequestLog, r => r.IsDownload && r.Setup.Length == 0);
    }

    [Fact]
    public void Verify_reports_the_first_differing_address()
    {
        var board = new DfuTestBoard();
        var (first, second) = PyboardImage();
        second.Data[0x20001] = 0x5A;
        // A flash cell that fails after programming: the device reported success, only a read-back can tell.
        var progress = new SyncProgress(p =>
        {
            if (p.Phase == "Write" && p.IsFinal)
            {
                board.Device.Flash[0x40001] = 0x00;
            }
        });
        board.Client.Open();
        var e = Catalogued.Throws("DfuVerifyFailed", () =>
            new DfuSeFlasher(board.Client).Flash(PyboardJob(first, second), new DfuSeFlashOptions { Verify = true }, progress));
        Assert.Equal("DfuVerifyFailed", e.ErrorId);
        Assert.Contains("the byte at 0x08040001 reads 0x00 but 0x5A was written", e.Message);
        Assert.Contains("0x08040001", e.Message);
        Assert.True(board.Device.IsConnected);
        Assert.DoesNotContain(board.Device.RequestLog, r => r.IsDownload && r.Setup.Length == 0);
    }

    [Fact]
    public void Cancel_mid_write_stops_between_blocks_leaves_the_device_idle_and_claims_nothing()
    {
        var board = new DfuTestBoard();
        var (first, second) = PyboardImage();
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(p =>
        {
            if (p.Phase == "Write" && p.Completed >= 20 * 1024)
            {
                cts.Cancel();
            }
        });
        board.Client.Open();
        DfuSeFlashResult? result = null;
        Assert.ThrowsAny<OperationCanceledException>(() =>
            result = new DfuSeFlasher(board.Client).Flash(PyboardJob(first, second), new DfuSeFlashOptions(), progress, null, cts.Token));

        Assert.Null(result);
        Assert.True(board.Device.IsConnected);
        Assert.Equal(BootloaderState.dfuIDLE, board.Device.State);
        Assert.DoesNotContain(board.Device.RequestLog, r => r.IsDownload && r.Setup.Length == 0);
        Assert.DoesNotContain(progress.Reports, p => p.Phase == "Verify");
        int dataBlocks = board.Device.RequestLog.Count(r => r.IsDownload && r.Setup.Value >= 2);
        Assert.InRange(dataBlocks, 10, 11);   // 8 blocks of element 1 + 2-3 of element 2, then stop
        Assert.Equal(0x06, board.Device.RequestLog[^2].Request);   // ABORT, then the GETSTATUS confirming dfuIDLE
    }

    [Fact]
    public void Disconnect_mid_write_fails_with_device_lost_and_no_result()
    {
        var board = new DfuTestBoard();
        var (first, second) = PyboardImage();
        board.Client.Open();
        board.Device.DisconnectAfterDownloadBytes = 100_000;
        DfuSeFlashResult? result = null;
        var e = Assert.Throws<DfuDeviceLostException>(() => result = new DfuSeFlasher(board.Client).Flash(PyboardJob(first, second)));
        Assert.Null(result);
        Assert.Contains("needs re-flashing", e.Message);
        Assert.Equal("pyboard 3061B4493536", e.Target);
    }

    [Fact]
    public void A_board_lost_in_the_second_region_counts_bytes_from_the_start_of_the_whole_image()
    {
        var board = new DfuTestBoard();
        var (first, second) = PyboardImage();
        board.Client.Open();
        board.Device.DisconnectAfterDownloadBytes = 100_000;
        var e = Assert.Throws<DfuDeviceLostException>(() => new DfuSeFlasher(board.Client).Flash(PyboardJob(first, second)));

        // The whole first region (14339 bytes) plus the 2048-byte blocks of the second that fit below the 100000-byte cut.
        long secondRegionBlocks = (100_000 - first.Data.Length) / 2048;
        Assert.Equal(first.Data.Length + (secondRegionBlocks * 2048), e.BytesDone);
        Assert.Equal(0x08020000u + (uint)(secondRegionBlocks * 2048), e.Address);
        Assert.Equal("Write", e.Operation);
        Assert.Contains("after 96 KiB;", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_protected_board_fails_the_flash_without_sending_unprotect()
    {
        var board = new DfuTestBoard(s => s.ReadProtected = true);
        var (first, second) = PyboardImage();
        board.Client.Open();
        var e = Assert.Throws<DfuStatusException>(() => new DfuSeFlasher(board.Client).Flash(PyboardJob(first, second)));
        Assert.Equal("DfuReadProtected", e.ErrorId);
        Assert.Equal(0x08000000u, e.Address);
        Assert.False(board.UnprotectWasSent);
    }

    [Fact]
    public void Full_erase_plan_mass_erases_once()
    {
        var board = new DfuTestBoard();
        var (first, second) = PyboardImage();
        DfuSeFlashPlan plan = Stm32F405FlashMap.CreatePlan([new DfuSeTarget(0, "ST...", [first, second])], fullErase: true);
        board.Client.Open();
        DfuSeFlashResult result = new DfuSeFlasher(board.Client).Flash(plan, new DfuSeFlashOptions { NoReset = true });
        Assert.True(result.MassErased);
        Assert.Empty(result.SectorsErased);
        Assert.Equal(Enumerable.Repeat(1, 12), board.Device.SectorEraseCounts);
        Assert.Single(board.Device.RequestLog, r => r.IsDfuSeCommand(DfuSeCommand.Erase));
        Assert.Equal(second.Data, board.Device.Flash.AsSpan(0x20000, second.Data.Length).ToArray());
    }

    [Fact]
    public void Option_byte_target_is_written_through_its_own_alternate_setting()
    {
        var board = new DfuTestBoard(s => s.BootJumperFitted = true);
        byte[] options = board.Device.OptionBytes.Bytes.ToArray();
        options[0] = 0xCC;   // change a USER bit pattern, keep RDP at level 0
        byte[] code = DfuTestBoard.Pattern(4096, 15);
        DfuSeFlashPlan plan = Stm32F405FlashMap.CreatePlan(
        [
            new DfuSeTarget(0, string.Empty, [new DfuSeElement(0x08000000, code)]),
            new DfuSeTarget(1, string.Empty, [new DfuSeElement(0x1FFFC000, options)]),
        ]);
        board.Client.Open();
        // The option-byte write resets the chip without a second status (docs/protocols/dfu-dfuse.md §4.1): expected, not a failure.
        DfuSeFlashResult result = new DfuSeFlasher(board.Client).Flash(plan, new DfuSeFlashOptions { Verify = true }, null, (level, message) => board.Log.Add($"{level}: {message}"));
        Assert.False(result.Verified);
        Assert.True(result.LeftDfuMode);
        Assert.False(board.Device.IsConnected);
        Assert.Contains(board.Log, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("option-byte"));
        Assert.Equal(code, board.Device.Flash.AsSpan(0, code.Length).ToArray());
        Assert.Equal(options, board.Device.OptionBytes.Bytes);
        Assert.Equal(1, board.Device.CurrentAlternateSetting);
    }

    [Fact]
    public void Raw_restore_is_one_element_at_the_flash_start()
    {
        var board = new DfuTestBoard();
        byte[] image = DfuTestBoard.Pattern(40 * 1024, 14);
        DfuSeFlashPlan job = Stm32F405FlashMap.CreatePlan([new DfuSeTarget(0, string.Empty, [new DfuSeElement(0x08000000, image)])]);
        board.Client.Open();
        DfuSeFlashResult result = new DfuSeFlasher(board.Client).Flash(job, new DfuSeFlashOptions { NoReset = true });
        Assert.True(result.Verified);
        Assert.Equal(image, board.Device.Flash.AsSpan(0, image.Length).ToArray());
        Assert.Equal(new[] { 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, board.Device.SectorEraseCounts);
    }
}
