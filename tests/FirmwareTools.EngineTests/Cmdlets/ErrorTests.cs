using System.Management.Automation;
using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Simulators.Http;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>Failures arrive as ErrorRecords with the documented ErrorId, category and target; terminating only where documented.</summary>
[Collection(EngineCollection.Name)]
public sealed class ErrorTests : IDisposable
{
    private readonly VirtualBench bench = VirtualBench.Start("3061B4493536");
    private readonly PowerShellSession ps = new();

    public ErrorTests()
    {
        ps.UseBench(bench);
        TestFirmware.WritePyboardDfu(ps.WorkingFolder);
    }

    public void Dispose()
    {
        ps.Dispose();
        bench.Dispose();
    }

    [Fact]
    public void A_missing_firmware_file_is_a_non_terminating_error_naming_the_path()
    {
        ScriptResult r = ps.Run("try { Install-PyboardFirmware -Path ./missing.dfu -Confirm:$false } catch { 'caught' }; 'after'");

        Assert.Equal(["after"], r.Output.Select(o => o.BaseObject));
        ErrorRecord error = Assert.Single(r.Errors);
        Assert.Equal("FirmwareFileNotFound,FirmwareTools.InstallPyboardFirmwareCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal("./missing.dfu", error.TargetObject);
        Assert.DoesNotContain(bench.Boards[0].RequestLog, request => request.IsDownload);
    }

    [Fact]
    public void ErrorAction_Stop_turns_it_into_an_exception_a_script_catches()
    {
        ScriptResult r = ps.Run("try { Install-PyboardFirmware -Path ./missing.dfu -Confirm:$false -ErrorAction Stop; 'not here' } catch { $_.FullyQualifiedErrorId; [string]$_.CategoryInfo.Category }");
        Assert.Equal(["FirmwareFileNotFound,FirmwareTools.InstallPyboardFirmwareCommand", "ObjectNotFound"], r.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void An_existing_backup_is_refused_without_Force_and_names_the_file()
    {
        File.WriteAllText(Path.Combine(ps.WorkingFolder, "b.bin"), "keep me");
        ScriptResult r = ps.Run("Get-DfuDevice | Backup-PyboardFirmware -Path ./b.bin");

        ErrorRecord error = Assert.Single(r.Errors);
        Assert.Equal("BackupFileExists,FirmwareTools.BackupPyboardFirmwareCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Equal(Path.Combine(ps.WorkingFolder, "b.bin"), error.TargetObject);
        Assert.NotNull(error.ErrorDetails?.RecommendedAction);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(ps.WorkingFolder, "b.bin")));
    }

    [Fact]
    public void An_unreachable_bridge_is_a_terminating_error_of_Get_DfuDevice()
    {
        using var refusing = new RefusingPort();
        ps.SetVariable("nowhere", $"127.0.0.1:{refusing.Port}");
        ScriptResult r = ps.Run("$env:FIRMWARETOOLS_USB_BRIDGE = $nowhere; try { Get-DfuDevice; 'not here' } catch { $_.FullyQualifiedErrorId; [string]$_.CategoryInfo.Category; $_.TargetObject }");

        Assert.Equal(["UsbBridgeUnavailable,FirmwareTools.GetDfuDeviceCommand", "ConnectionError", $"127.0.0.1:{refusing.Port}"], r.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void A_bad_vendor_id_names_the_value_given_and_a_bare_0483_is_read_as_hex()
    {
        ScriptResult r = ps.Run("Get-DfuDevice -VendorId 'xyz'");

        ErrorRecord error = Assert.Single(r.Errors);
        Assert.IsAssignableFrom<ParameterBindingException>(error.Exception);
        Assert.Equal("ParameterArgumentTransformationError,FirmwareTools.GetDfuDeviceCommand", error.FullyQualifiedErrorId);
        Assert.Contains("'xyz'", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(r.Output);

        // Unquoted, 0483 is parsed as the number 483; the id is still read as lsusb prints it.
        Assert.Single(ps.Run("Get-DfuDevice -VendorId 0483 -ProductId df11").AssertSucceeded().Output);
        Assert.Single(ps.Run("Get-DfuDevice -VendorId 0x0483").AssertSucceeded().Output);

        // Issue 16, item 1: a number is read as hex digits too ($vid = 0483 holds 483, meant as 0x0483); an id that is
        // already a [ushort] (taken from this module's objects) is kept as it is.
        Assert.Single(ps.Run("$vid = 0483; Get-DfuDevice -VendorId $vid").AssertSucceeded().Output);
        Assert.Single(ps.Run("$vid = [ushort]0x0483; Get-DfuDevice -VendorId $vid").AssertSucceeded().Output);
        Assert.Empty(ps.Run("$vid = 1155; Get-DfuDevice -VendorId $vid").AssertSucceeded().Output);
    }

    [Fact]
    public void Save_Firmware_refuses_plain_http_as_a_terminating_error()
    {
        ScriptResult r = ps.Run("try { Save-Firmware -Uri http://127.0.0.1:9/fw.dfu; 'not here' } catch { $_.FullyQualifiedErrorId; [string]$_.CategoryInfo.Category }");
        Assert.Equal(["InsecureUri,FirmwareTools.SaveFirmwareCommand", "InvalidArgument"], r.Output.Select(o => o.BaseObject));
    }
}
