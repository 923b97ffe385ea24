using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Pyboard;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Tests.Serial;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>
/// USB ids and flash addresses typed the way people see them (lsusb, Device Manager, memory maps: always hex) reach
/// the cmdlets as hex, whatever form PowerShell's parser gave them: <c>0403</c> (parsed as 403 with its text kept),
/// <c>6001</c> (parsed as the plain number 6001), <c>$v = 0483</c> (a number with no text), strings, 0x literals.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class HexArgumentTests : IDisposable
{
    private readonly VirtualBench bench = VirtualBench.Start("3061B4493536");
    private readonly PowerShellSession ps = new();
    private readonly FakeSysfs sysfs = new();

    public HexArgumentTests()
    {
        sysfs.UsbSerial("1-1.2", "ttyUSB0", "ftdi_sio", "0403", "6001", "A50285BI", "FTDI", "FT232R USB UART");
        sysfs.UsbSerial("1-1.3", "ttyUSB1", "ch341", "1a86", "7523", null, null, "USB Serial");
        sysfs.UsbSerial("1-1.4", "ttyACM0", "cdc_acm", "f055", "9800", "306A38743036", "MicroPython", "Pyboard Virtual Comm Port in FS Mode");
        ps.SetVariable("sysfs", sysfs.Root);
        ps.UseBench(bench);
    }

    public void Dispose()
    {
        ps.Dispose();
        bench.Dispose();
        sysfs.Dispose();
    }

    private IReadOnlyList<string> Ports(string arguments) =>
        ps.Run($"$env:FIRMWARETOOLS_SYSFS_ROOT = $sysfs; try {{ Get-SerialPort {arguments} }} finally {{ $env:FIRMWARETOOLS_SYSFS_ROOT = $null }}")
          .AssertSucceeded().Objects<SerialPortInfo>().Select(p => p.Port).ToList();

    [Theory]
    [InlineData("-VendorId 0403 -ProductId 6001", "/dev/ttyUSB0")]
    [InlineData("-VendorId 403 -ProductId 6001", "/dev/ttyUSB0")]
    [InlineData("-VendorId 0x0403 -ProductId '6001'", "/dev/ttyUSB0")]
    [InlineData("-VendorId 1a86 -ProductId 7523", "/dev/ttyUSB1")]
    [InlineData("0403 6001", "/dev/ttyUSB0")]
    [InlineData("-VendorId f055", "/dev/ttyACM0")]
    public void Get_SerialPort_reads_typed_ids_as_hex(string arguments, string expected)
    {
        Assert.Equal([expected], Ports(arguments));
    }

    [Fact]
    public void An_id_from_a_variable_is_hex_too_and_one_of_the_modules_own_ids_is_kept()
    {
        Assert.Equal(["/dev/ttyUSB0"], Ports("-VendorId $($v = 0403; $v) -ProductId $($p = 6001; $p)"));

        // A [ushort] id taken from an object of this module is already an id; 0xdf11 (57105) is a hex literal's value.
        Get_DfuDevice_matches("-VendorId ([ushort]0x0483) -ProductId 0xdf11");
    }

    [Theory]
    [InlineData("-VendorId 0483 -ProductId df11")]
    [InlineData("-VendorId 483")]
    [InlineData("0483 df11")]
    public void Get_DfuDevice_matches(string arguments)
    {
        Assert.Equal("3061B4493536", Assert.Single(ps.Run($"Get-DfuDevice {arguments}").AssertSucceeded().Objects<DfuDevice>()).SerialNumber);
    }

    [Fact]
    public void Verbose_says_which_ids_were_matched_and_what_was_searched_when_nothing_matched()
    {
        ScriptResult ports = ps.Run("$env:FIRMWARETOOLS_SYSFS_ROOT = $sysfs; try { Get-SerialPort -VendorId 483 -Verbose } finally { $env:FIRMWARETOOLS_SYSFS_ROOT = $null }").AssertSucceeded();
        Assert.Empty(ports.Output);
        Assert.Contains(ports.Verbose, v => v.Message.Contains("0483:*", StringComparison.Ordinal) && v.Message.Contains("3 port(s)", StringComparison.Ordinal) && v.Message.Contains("none matched", StringComparison.Ordinal));

        ScriptResult dfu = ps.Run("Get-DfuDevice -VendorId 1a86 -Verbose").AssertSucceeded();
        Assert.Empty(dfu.Output);
        Assert.Contains(dfu.Verbose, v => v.Message == "Searched 1 USB device(s) for DFU interfaces matching 1a86:*: found 0.");
    }

    [Fact]
    public void A_word_that_is_not_hex_is_refused_naming_it()
    {
        ScriptResult r = ps.Run("Get-SerialPort -VendorId 04g3");
        System.Management.Automation.ErrorRecord error = Assert.Single(r.Errors);
        Assert.Equal("ParameterArgumentTransformationError,FirmwareTools.GetSerialPortCommand", error.FullyQualifiedErrorId);
        Assert.Contains("'04g3' is not a USB id", error.Exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("08000000")]
    [InlineData("0x08000000")]
    [InlineData("'08000000'")]
    [InlineData("134217728")]
    [InlineData("$a")]
    public void Restore_takes_the_address_in_every_form_and_the_WhatIf_line_shows_it_in_hex(string address)
    {
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "backup.bin"), TestFirmware.Pattern(16 * 1024, 5));
        ps.Run("$a = [long]0x08000000").AssertSucceeded();

        ps.Run($"Get-DfuDevice | Install-PyboardFirmware -Path ./backup.bin -Address {address} -WhatIf").AssertSucceeded();

        string line = Assert.Single(ps.Host.RecordingUI.Screen.Split('\n'), l => l.StartsWith("What if:", StringComparison.Ordinal));
        Assert.Contains("at 0x08000000", line, StringComparison.Ordinal);
        Assert.Contains("erase sector 0", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_decimal_address_outside_flash_is_refused_with_the_address_in_hex_and_how_to_type_hex()
    {
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "backup.bin"), TestFirmware.Pattern(16 * 1024, 5));

        ScriptResult r = ps.Run("Get-DfuDevice | Install-PyboardFirmware -Path ./backup.bin -Address 8000000 -Confirm:$false");

        System.Management.Automation.ErrorRecord error = Assert.Single(r.Errors);
        Assert.Equal("FirmwareOutsideFlash,FirmwareTools.InstallPyboardFirmwareCommand", error.FullyQualifiedErrorId);
        Assert.Contains("-Address 0x007A1200 (8000000 as a decimal number)", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("08000000 or 0x08000000", error.ErrorDetails.RecommendedAction, StringComparison.Ordinal);
    }

    [Fact]
    public void Backup_takes_a_typed_hex_address()
    {
        DfuSeBackupResult result = Assert.Single(ps.Run("Get-DfuDevice | Backup-PyboardFirmware -Path ./part.bin -Address 08004000 -Length 16").AssertSucceeded().Objects<DfuSeBackupResult>());
        Assert.Equal(0x08004000u, result.Address);
    }
}
