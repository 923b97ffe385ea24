using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Pyboard;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>-WhatIf, -Confirm, $ConfirmPreference and the one question an install that touches the filesystem asks, answered through the recording host.</summary>
[Collection(EngineCollection.Name)]
public sealed class ShouldProcessTests : IDisposable
{
    private const string Install = "$board | Install-PyboardFirmware -Path ./PYBV11-20240222-v1.22.2.dfu";
    private readonly VirtualBench bench = VirtualBench.Start("3061B4493536");
    private readonly PowerShellSession ps = new();
    private readonly byte[] flashBefore;

    public ShouldProcessTests()
    {
        ps.UseBench(bench);
        TestFirmware.WritePyboardDfu(ps.WorkingFolder);
        TestFirmware.Pattern(1024 * 1024, 42).CopyTo(Board.Flash, 0);   // sectors 1-4 stand for the user's files
        flashBefore = Board.Flash.ToArray();
        ps.Run("$board = Get-DfuDevice").AssertSucceeded();
    }

    private Simulators.Dfu.VirtualStm32Bootloader Board => bench.Boards[0];

    public void Dispose()
    {
        ps.Dispose();
        bench.Dispose();
    }

    [Fact]
    public void WhatIf_says_what_would_happen_and_sends_the_board_nothing()
    {
        int requests = Board.RequestLog.Count;
        ScriptResult r = ps.Run(Install + " -WhatIf").AssertSucceeded();

        Assert.Empty(r.Output);
        string line = Assert.Single(ps.Host.RecordingUI.Screen.Split('\n'), l => l.StartsWith("What if:", StringComparison.Ordinal));
        Assert.Contains("3061B4493536", line, StringComparison.Ordinal);
        Assert.Equal(requests, Board.RequestLog.Count);
        Assert.Equal(flashBefore, Board.Flash);
    }

    [Fact]
    public void ConfirmImpact_High_asks_by_default_and_No_touches_nothing()
    {
        int requests = Board.RequestLog.Count;
        ps.Host.RecordingUI.Answers.Enqueue("N");
        ScriptResult r = ps.Run(Install).AssertSucceeded();

        Assert.Empty(r.Output);
        HostPrompt prompt = Assert.Single(ps.Host.RecordingUI.Prompts);
        Assert.Contains("3061B4493536", prompt.Message, StringComparison.Ordinal);
        Assert.Equal(requests, Board.RequestLog.Count);
        Assert.Equal(flashBefore, Board.Flash);
    }

    [Fact]
    public void Confirm_answered_Yes_flashes()
    {
        ps.Host.RecordingUI.Answers.Enqueue("Y");
        ScriptResult r = ps.Run(Install + " -Confirm").AssertSucceeded();

        Assert.Single(ps.Host.RecordingUI.Prompts);
        Assert.Single(r.Objects<PyboardInstallResult>());
        Assert.NotEqual(flashBefore, Board.Flash);
    }

    [Fact]
    public void ConfirmPreference_None_and_Confirm_false_run_without_asking()
    {
        // -NoReset keeps the board in DFU mode for the second install.
        Assert.Single(ps.Run("$ConfirmPreference = 'None'; " + Install + " -NoReset").AssertSucceeded().Objects<PyboardInstallResult>());
        Assert.Single(ps.Run("$ConfirmPreference = 'High'; " + Install + " -Confirm:$false").AssertSucceeded().Objects<PyboardInstallResult>());
        Assert.Empty(ps.Host.RecordingUI.Prompts);
    }

    [Fact]
    public void FullErase_asks_one_question_that_names_the_filesystem_and_No_keeps_the_files()
    {
        ps.Host.RecordingUI.Answers.Enqueue("N");
        ScriptResult r = ps.Run(Install + " -FullErase").AssertSucceeded();

        Assert.Empty(r.Output);
        HostPrompt prompt = Assert.Single(ps.Host.RecordingUI.Prompts);
        Assert.Contains("filesystem", prompt.Message, StringComparison.Ordinal);
        Assert.Contains("3061B4493536", prompt.Message, StringComparison.Ordinal);
        Assert.Equal(flashBefore, Board.Flash);
    }

    [Fact]
    public void FullErase_with_Confirm_false_does_not_ask_again_and_wipes_the_filesystem_sectors()
    {
        // Issue 16, item 5: -Confirm:$false is enough in a script; there is no second question only -Force could skip.
        PyboardInstallResult result = Assert.Single(ps.Run(Install + " -FullErase -Confirm:$false").AssertSucceeded().Objects<PyboardInstallResult>());

        Assert.Empty(ps.Host.RecordingUI.Prompts);
        Assert.True(result.MassErased);
        Assert.All(Board.Flash.AsSpan(0x4000, 0x1C000).ToArray(), b => Assert.Equal(0xFF, b));
    }

    [Fact]
    public void Restoring_a_full_backup_asks_once_and_says_the_files_come_from_the_backup()
    {
        ps.Run("$board | Backup-PyboardFirmware -Path ./full.bin").AssertSucceeded();
        ps.Host.RecordingUI.Answers.Enqueue("Y");

        ScriptResult r = ps.Run("$board | Install-PyboardFirmware -Path ./full.bin -Address 0x08000000 -NoReset").AssertSucceeded();

        Assert.Single(r.Objects<PyboardInstallResult>());
        HostPrompt prompt = Assert.Single(ps.Host.RecordingUI.Prompts);
        Assert.Contains("with the copy the file holds", prompt.Message, StringComparison.Ordinal);
        string warning = Assert.Single(r.Warnings).Message;
        Assert.Contains("rewrites the pyboard's whole filesystem", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("your files there will be lost", warning, StringComparison.Ordinal);
        Assert.Equal(flashBefore, Board.Flash);
    }

    [Fact]
    public void Writing_part_of_the_filesystem_still_warns_that_the_files_there_are_lost()
    {
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "part.bin"), new byte[16]);
        ScriptResult r = ps.Run("$board | Install-PyboardFirmware -Path ./part.bin -Address 08004000 -WhatIf").AssertSucceeded();

        Assert.Contains("your files there will be lost", Assert.Single(r.Warnings).Message, StringComparison.Ordinal);
        Assert.Empty(ps.Host.RecordingUI.Prompts);
    }

    [Fact]
    public void Backup_WhatIf_writes_no_file_and_Medium_impact_does_not_ask()
    {
        ps.Run("$board | Backup-PyboardFirmware -Path ./b.bin -WhatIf").AssertSucceeded();
        Assert.False(File.Exists(Path.Combine(ps.WorkingFolder, "b.bin")));
        Assert.Contains("What if:", ps.Host.RecordingUI.Screen, StringComparison.Ordinal);

        Assert.Single(ps.Run("$board | Backup-PyboardFirmware -Path ./b.bin").AssertSucceeded().Objects<DfuSeBackupResult>());
        Assert.Empty(ps.Host.RecordingUI.Prompts);
        Assert.Equal(flashBefore, File.ReadAllBytes(Path.Combine(ps.WorkingFolder, "b.bin")));
    }
}
