using System.Management.Automation;
using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Inspection;
using FirmwareTools.Protocols.Pyboard;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>The pyboard pipelines as a user types them, bound by the real engine, against virtual boards behind the USB bridge.</summary>
[Collection(EngineCollection.Name)]
public sealed class PipelineTests : IDisposable
{
    private readonly VirtualBench bench = VirtualBench.Start("3061B4493536", "3061B4490002");
    private readonly PowerShellSession ps = new();

    public PipelineTests() => ps.UseBench(bench);

    public void Dispose()
    {
        ps.Dispose();
        bench.Dispose();
    }

    [Fact]
    public void Get_DfuDevice_lists_each_board_once_with_its_memory_map_and_filters_by_serial_and_hex_ids()
    {
        var all = ps.Run("Get-DfuDevice").AssertSucceeded().Objects<DfuDevice>();
        Assert.Equal(["3061B4490002", "3061B4493536"], all.Select(d => d.SerialNumber).Order(StringComparer.Ordinal));
        Assert.All(all, d => Assert.Equal(1024 * 1024, d.FlashSize));

        DfuDevice one = Assert.Single(ps.Run("Get-DfuDevice -VendorId 0483 -ProductId df11 -SerialNumber 3061b4490002").AssertSucceeded().Objects<DfuDevice>());
        Assert.Equal("3061B4490002", one.SerialNumber);
        Assert.Empty(ps.Run("Get-DfuDevice -ProductId 0x9800").AssertSucceeded().Output);

        // [ushort] would read '0483' as decimal 483; the transformation reads it as lsusb prints it.
        ScriptResult segments = ps.Run("(Get-DfuDevice 0483 df11 -SerialNumber 3061B4493536).InternalFlash.MemoryLayout.Segments | ForEach-Object SectorCount").AssertSucceeded();
        Assert.Equal([4, 1, 7], segments.Output.Select(o => Convert.ToInt32(o.BaseObject, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Get_DfuDevice_piped_to_Install_PyboardFirmware_flashes_and_verifies_every_board()
    {
        var (vectors, text) = TestFirmware.WritePyboardDfu(ps.WorkingFolder);
        ScriptResult r = ps.Run("Get-DfuDevice | Install-PyboardFirmware -Path ./PYBV11-20240222-v1.22.2.dfu -Verify -Confirm:$false").AssertSucceeded();

        var results = r.Objects<PyboardInstallResult>();
        Assert.Equal(["3061B4490002", "3061B4493536"], results.Select(x => x.SerialNumber).Order(StringComparer.Ordinal));
        Assert.All(results, x => Assert.True(x.Verified && x.LeftDfuMode));
        Assert.All(results, x => Assert.Equal([0, 5], x.SectorNumbers));
        foreach (var board in bench.Boards)
        {
            Assert.Equal(vectors, TestFirmware.FlashAt(board, TestFirmware.VectorsAddress, vectors.Length));
            Assert.Equal(text, TestFirmware.FlashAt(board, TestFirmware.TextAddress, text.Length));
        }
    }

    [Fact]
    public void Get_DfuDevice_piped_to_Backup_PyboardFirmware_takes_a_script_block_path_per_board()
    {
        TestFirmware.Pattern(1024 * 1024, 7).CopyTo(bench.Boards[0].Flash, 0);
        TestFirmware.Pattern(1024 * 1024, 8).CopyTo(bench.Boards[1].Flash, 0);

        ScriptResult r = ps.Run("Get-DfuDevice | Backup-PyboardFirmware -Path { \"./$($_.SerialNumber).bin\" }").AssertSucceeded();

        var backups = r.Objects<DfuSeBackupResult>();
        Assert.Equal(["3061B4490002", "3061B4493536"], backups.Select(b => b.DeviceSerial).Order(StringComparer.Ordinal));
        foreach (var board in bench.Boards)
        {
            string file = Path.Combine(ps.WorkingFolder, board.SerialNumber + ".bin");
            Assert.Equal(board.Flash, File.ReadAllBytes(file));
            Assert.True(File.Exists(file + ".json"));
        }
    }

    [Fact]
    public void Two_boards_one_failing_write_one_error_and_one_result_in_pipeline_order()
    {
        TestFirmware.WritePyboardDfu(ps.WorkingFolder);
        // The board Get-DfuDevice lists first fails, so the result after the error proves the pipeline went on.
        var listed = ps.Run("Get-DfuDevice").AssertSucceeded().Objects<DfuDevice>();
        string failing = listed[0].SerialNumber!;
        string healthy = listed[1].SerialNumber!;
        bench.Boards.Single(b => b.SerialNumber == failing).FailWriteAddress = TestFirmware.TextAddress + 0x1000;

        ScriptResult r = ps.Run("Get-DfuDevice | Install-PyboardFirmware -Path ./PYBV11-20240222-v1.22.2.dfu -Confirm:$false 2>&1");

        Assert.Null(r.Terminating);
        Assert.Equal(2, r.Output.Count);
        ErrorRecord error = Assert.IsType<ErrorRecord>(r.Output[0].BaseObject);
        Assert.Equal("DfuErrWrite,FirmwareTools.InstallPyboardFirmwareCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.DeviceError, error.CategoryInfo.Category);
        Assert.Contains(failing, error.TargetObject?.ToString(), StringComparison.Ordinal);
        PyboardInstallResult ok = Assert.IsType<PyboardInstallResult>(r.Output[1].BaseObject);
        Assert.Equal(healthy, ok.SerialNumber);
        Assert.True(ok.LeftDfuMode);
    }

    [Fact]
    public void Files_from_the_file_system_provider_pipe_into_Get_FirmwareInfo_by_PSPath()
    {
        TestFirmware.WritePyboardDfu(ps.WorkingFolder, "a.dfu", seed: 1);
        TestFirmware.WritePyboardDfu(ps.WorkingFolder, "b.dfu", seed: 3);
        File.WriteAllText(Path.Combine(ps.WorkingFolder, "notes.txt"), "not firmware");

        // Get-ChildItem lives in Microsoft.PowerShell.Commands.Management, which the package feed does not serve; its
        // output is the FileSystem provider's items (FileInfo with PSPath), which the engine's provider API returns as-is.
        ScriptResult r = ps.Run("$ExecutionContext.InvokeProvider.ChildItem.Get('*.dfu', $false) | Get-FirmwareInfo").AssertSucceeded();

        var infos = r.Objects<FirmwareInfo>();
        Assert.Equal(["a.dfu", "b.dfu"], infos.Select(i => Path.GetFileName(i.Path)).Order(StringComparer.Ordinal));
        Assert.All(infos, i => Assert.True(i.IsValid));
        Assert.All(infos, i => Assert.Equal([0, 5], i.F405SectorNumbers));
    }
}
