using System.Management.Automation;
using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.MicroPython;
using FirmwareTools.Simulators.Serial;
using FirmwareTools.Tests.Serial;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>
/// The default views as an 80-column console shows them (Out-Host through the recording host), and the same
/// views after a remoting round trip (PSSerializer, as Invoke-Command returns objects from another host).
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class ViewTests : IDisposable
{
    private readonly VirtualBench bench = VirtualBench.Start("3061B4493536");
    private readonly PowerShellSession ps = new();
    private readonly VirtualEsp32Server esp32 = new(new VirtualEsp32Board(new VirtualEsp32Settings { TimeScale = 0 }), SerialTcpServerMode.Rfc2217);
    private readonly VirtualSerialLink replLink = new("view-repl");
    private readonly VirtualReplBoard repl;
    private readonly SerialTcpServer replServer;
    private readonly FakeSysfs sysfs = new();

    public ViewTests()
    {
        repl = new VirtualReplBoard(replLink).Start();
        replServer = new SerialTcpServer(replLink, SerialTcpServerMode.Raw).Start();
        sysfs.UsbSerial("1-1.2", "ttyUSB0", "cp210x", "10c4", "ea60", "0001", "Silicon Labs", "CP2102N USB to UART Bridge Controller");
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "ESP32_GENERIC-20240222-v1.22.2.bin"), Esp32InstallTests.Image(32 * 1024, seed: 3, trailer: 0x1000));
        ps.SetVariable("esp32url", esp32.Url);
        ps.SetVariable("replurl", replServer.Url);
        ps.SetVariable("sysfs", sysfs.Root);
        ps.UseBench(bench);
        TestFirmware.WritePyboardDfu(ps.WorkingFolder);
        ps.Run("""
            $device = Get-DfuDevice
            $backup = $device | Backup-PyboardFirmware -Path ./pyboard-backup.bin
            $info = Get-FirmwareInfo -Path ./PYBV11-20240222-v1.22.2.dfu
            $espinfo = Get-FirmwareInfo -Path ./ESP32_GENERIC-20240222-v1.22.2.bin
            $install = $device | Install-PyboardFirmware -Path ./PYBV11-20240222-v1.22.2.dfu -Verify -Confirm:$false
            $release = [FirmwareTools.Protocols.Downloads.FirmwareRelease]::new('PYBV11', $null, '1.22.2', [datetime]'2024-02-22', $false, [uri]'https://micropython.org/resources/firmware/PYBV11-20240222-v1.22.2.dfu', 'PYBV11-20240222-v1.22.2.dfu', 'MicroPython')
            $file = [FirmwareTools.Protocols.Downloads.FirmwareFile]::new([System.IO.Path]::Combine($PWD.ProviderPath, 'PYBV11-20240222-v1.22.2.dfu'), 'PYBV11', $null, '1.22.2', 'MicroPython', $info.Length, $info.Sha256, [uri]'https://micropython.org/resources/firmware/PYBV11-20240222-v1.22.2.dfu')
            $esp32 = Install-Esp32Firmware -Port $esp32url -Path ./ESP32_GENERIC-20240222-v1.22.2.bin -Confirm:$false
            $version = Get-DeviceVersion -Port $replurl
            # The module reads the sysfs root at each listing; only this listing sees the fake tree.
            $before = $env:FIRMWARETOOLS_SYSFS_ROOT
            try { $env:FIRMWARETOOLS_SYSFS_ROOT = $sysfs; $ports = Get-SerialPort } finally { $env:FIRMWARETOOLS_SYSFS_ROOT = $before }
            """).AssertSucceeded();
    }

    public void Dispose()
    {
        ps.Dispose();
        bench.Dispose();
        esp32.Dispose();
        esp32.Board.Dispose();
        replServer.Dispose();
        repl.Dispose();
        sysfs.Dispose();
    }

    public static TheoryData<string, string[]> Tables => new()
    {
        { "$device", ["Id", "Mode", "SerialNumber", "DFU", "Target", "Size", "Path"] },
        { "$install", ["SerialNumber", "Written", "Erased", "Verified", "Restarted", "Firmware"] },
        { "$backup", ["DeviceSerial", "Address", "Length", "Sha256", "Path"] },
        { "$release", ["Board", "Variant", "Version", "Date", "IsPreview", "FileName"] },
        { "$file", ["Board", "Version", "Source", "Length", "File"] },
        { "$esp32", ["Chip", "Mac", "Flash", "Verified", "Port"] },
        { "$version", ["Board", "MCU", "Version", "Built", "Port"] },
        { "$ports", ["Port", "Id", "SerialNumber", "Location", "Product"] },
    };

    [Theory]
    [MemberData(nameof(Tables))]
    public void Each_table_shows_its_columns_on_one_header_line_within_80_columns(string variable, string[] columns)
    {
        string[] lines = Lines(ps.Render(variable));

        Assert.Equal(columns, lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^[- ]+$", lines[1]);
        Assert.Equal(columns.Length, lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"wider than 80 columns: '{l}'"));
        Assert.Equal(3, lines.Length);   // header, dashes, one row
    }

    [Fact]
    public void The_device_and_install_rows_read_as_README_shows_them()
    {
        Assert.Matches(@"^0483:df11 Dfu +3061B4493536 +1\.1a +Internal Flash +1024 KiB 127\.0\.0\.1:[0-9]+$", Lines(ps.Render("$device"))[2]);
        string install = Lines(ps.Render("$install"))[2];
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(install, @"^3061B4493536 +49664 0,5 +True +True +PYBV11-20240222-v1\.22\.2\.dfu$"), install);
        Assert.Matches(@"^3061B4493536 +0x08000000 +1048576 [0-9a-f]{11}… \./pyboard-backup\.bin$", Lines(ps.Render("$backup"))[2]);
        Assert.Matches(@"^PYBV11 +1\.22\.2 +MicroPython +[0-9]+ PYBV11-20240222-v1\.22\.2\.dfu$", Lines(ps.Render("$file"))[2]);
        Assert.Matches(@"^ESP32-D0WDQ6 v0\.0 30:ae:a4:00:86:68  4 MB True     rfc2217://127\.0\.0\.1:[0-9]+$", Lines(ps.Render("$esp32"))[2]);
        Assert.Matches(@"^PYBv1\.1 +STM32F405RG +v1\.22\.2 +2024-02-22 socket://127\.0\.0\.1:[0-9]+$", Lines(ps.Render("$version"))[2]);
        Assert.Matches(@"^/dev/ttyUSB0 +10c4:ea60 0001 +1-1\.2 +CP2102N USB to", Lines(ps.Render("$ports"))[2]);
    }

    [Fact]
    public void FirmwareInfo_is_a_list_with_the_sectors_it_would_erase()
    {
        string list = ps.Render("$info");
        Assert.Matches(@"(?m)^IsValid +: True$", list);
        Assert.Matches(@"(?m)^F405 sectors erased : 0, 5$", list);
        Assert.Matches(@"(?m)^Format +: DfuSe$", list);
    }

    [Fact]
    public void FirmwareInfo_of_an_esp32_image_shows_chip_flash_parameters_entry_and_segments_not_the_F405_sectors()
    {
        string list = ps.Render("$espinfo");
        Assert.Matches(@"(?m)^Format +: Esp32Image$", list);
        Assert.Matches(@"(?m)^IsValid +: True$", list);
        Assert.Matches(@"(?m)^ESP32 image +: ESP32 image, 1 segments, dio/40m/4MB: ", list);
        Assert.Matches(@"(?m)^Entry +: 0x40080000$", list);
        Assert.Matches(@"(?m)^Segments +: 0 0x3F400020 32735 bytes \(DROM\)$", list);
        Assert.DoesNotMatch(@"(?m)^(F405 sectors erased|Targets|Suffix|Files|Plans) ", list);
    }

    [Theory]
    [InlineData("$device", "Deserialized.FirmwareTools.Protocols.Dfu.DfuDevice")]
    [InlineData("$install", "Deserialized.FirmwareTools.Protocols.Pyboard.PyboardInstallResult")]
    [InlineData("$backup", "Deserialized.FirmwareTools.Protocols.Dfu.DfuSeBackupResult")]
    [InlineData("$info", "Deserialized.FirmwareTools.Protocols.Inspection.FirmwareInfo")]
    [InlineData("$release", "Deserialized.FirmwareTools.Protocols.Downloads.FirmwareRelease")]
    [InlineData("$file", "Deserialized.FirmwareTools.Protocols.Downloads.FirmwareFile")]
    [InlineData("$esp32", "Deserialized.FirmwareTools.Protocols.Esp32Board.Esp32InstallResult")]
    [InlineData("$version", "Deserialized.FirmwareTools.Protocols.MicroPython.DeviceVersion")]
    [InlineData("$ports", "Deserialized.FirmwareTools.Protocols.Serial.SerialPortInfo")]
    public void A_remoting_round_trip_keeps_the_properties_and_renders_the_same(string variable, string typeName)
    {
        ps.Run($"$remote = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize({variable}))").AssertSucceeded();
        PSObject remote = (PSObject)ps.GetVariable("remote")!;
        PSObject local = PSObject.AsPSObject(ps.GetVariable(variable[1..])!);

        Assert.Equal(typeName, remote.TypeNames[0]);
        foreach (PSPropertyInfo property in local.Properties.Where(p => p.MemberType == PSMemberTypes.Property))
        {
            Assert.NotNull(remote.Properties[property.Name]);
        }

        // The Elapsed column rounds to 0.1 s, the same on both sides; everything else is compared verbatim.
        Assert.Equal(ps.Render(variable), ps.Render("$remote"));
    }

    /// <summary>
    /// Export-Csv and ConvertTo-Csv write each property's ToString (IFormattable with no format); the hosted engine has
    /// no utility cmdlets, so this reads the same texts. The Pester suite runs Export-Csv itself in the real pwsh.
    /// </summary>
    [Theory]
    [InlineData("$device")]
    [InlineData("$install")]
    [InlineData("$backup")]
    [InlineData("$info")]
    [InlineData("$espinfo")]
    [InlineData("$release")]
    [InlineData("$file")]
    [InlineData("$esp32")]
    [InlineData("$version")]
    [InlineData("$ports")]
    public void Every_property_reads_as_text_a_CSV_cell_can_hold_not_a_type_name(string variable)
    {
        PSObject result = PSObject.AsPSObject(ps.GetVariable(variable[1..])!);
        foreach (PSPropertyInfo property in result.Properties.Where(p => p.MemberType == PSMemberTypes.Property))
        {
            object? value = property.Value;
            string text = value is IFormattable formattable ? formattable.ToString(null, System.Globalization.CultureInfo.CurrentCulture) : value?.ToString() ?? string.Empty;
            Assert.DoesNotMatch(@"^System\.|`\d\[|^FirmwareTools\.", text);
        }
    }

    [Fact]
    public void Csv_cells_of_ids_and_sectors_read_as_people_write_them()
    {
        ps.Run("""
            $cells = @{
                DeviceVendor = "$($device.VendorId)"; DeviceProduct = "$($device.ProductId)"; PortVendor = "$($ports.VendorId)"
                InfoVendor = "$($info.VendorId)"; Sectors = $install.SectorNumbers.ToString(); Erased = $install.Erased
            }
            """).AssertSucceeded();
        var cells = (System.Collections.Hashtable)PSObject.AsPSObject(ps.GetVariable("cells")!).BaseObject;
        Assert.Equal("0483", cells["DeviceVendor"]);
        Assert.Equal("df11", cells["DeviceProduct"]);
        Assert.Equal("10c4", cells["PortVendor"]);
        Assert.Equal("0483", cells["InfoVendor"]);
        Assert.Equal("0,5", cells["Sectors"]);
        Assert.Equal("0,5", cells["Erased"]);
    }

    private static string[] Lines(string rendered) =>
        rendered.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();
}
