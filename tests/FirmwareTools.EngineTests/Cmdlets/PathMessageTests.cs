using FirmwareTools.EngineTests.Hosting;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>
/// Paths that name the wrong kind of thing (issue 16, item 10): a folder given as a firmware file is called a folder, not
/// "not found"; a backup into a folder that does not exist is refused unless -Force creates it.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class PathMessageTests : IDisposable
{
    private readonly VirtualBench bench = VirtualBench.Start("3061B4493536");
    private readonly PowerShellSession ps = new();

    public PathMessageTests()
    {
        ps.UseBench(bench);
        Directory.CreateDirectory(Path.Combine(ps.WorkingFolder, "fw"));
    }

    public void Dispose()
    {
        ps.Dispose();
        bench.Dispose();
    }

    [Theory]
    [InlineData("Get-FirmwareInfo -Path ./fw", "GetFirmwareInfoCommand")]
    [InlineData("Get-DfuDevice | Install-PyboardFirmware -Path ./fw -Confirm:$false", "InstallPyboardFirmwareCommand")]
    public void A_folder_is_called_a_folder(string script, string command)
    {
        ScriptResult r = ps.Run(script);

        System.Management.Automation.ErrorRecord error = Assert.Single(r.Errors);
        Assert.Equal($"FirmwarePathIsFolder,FirmwareTools.{command}", error.FullyQualifiedErrorId);
        Assert.Contains("is a folder, not a firmware file", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_backup_into_a_missing_folder_is_refused_before_the_board_is_read_and_Force_creates_it()
    {
        int requests = bench.Boards[0].RequestLog.Count;
        ScriptResult refused = ps.Run("Backup-PyboardFirmware -Path ./missing/dir/b.bin -Length 16");

        System.Management.Automation.ErrorRecord error = Assert.Single(refused.Errors);
        Assert.Equal("BackupFolderMissing,FirmwareTools.BackupPyboardFirmwareCommand", error.FullyQualifiedErrorId);
        Assert.Contains("-Force", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(ps.WorkingFolder, "missing")));
        Assert.Equal(requests, bench.Boards[0].RequestLog.Count);

        ScriptResult forced = ps.Run("Backup-PyboardFirmware -Path ./missing/dir/b.bin -Length 16 -Force -Verbose").AssertSucceeded();
        Assert.True(File.Exists(Path.Combine(ps.WorkingFolder, "missing", "dir", "b.bin")));
        Assert.Contains(forced.Verbose, v => v.Message.StartsWith("Creating the folder", StringComparison.Ordinal));
    }
}
