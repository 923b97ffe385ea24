using System.Management.Automation;
using FirmwareTools.EngineTests.Hosting;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Http;
using FirmwareTools.Simulators.Serial;
using FirmwareTools.Tests.Serial;
using Xunit;

namespace FirmwareTools.EngineTests.Cmdlets;

/// <summary>
/// Install-Esp32Firmware in the real engine, against the virtual ESP32 served on loopback as rfc2217:// (so DTR/RTS
/// reach the board and the default reset works): pipeline binding, several ports with one failing, -WhatIf, -Image,
/// errors, progress, the 80-column view and Ctrl+C mid-write.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class Esp32InstallTests : IDisposable
{
    private readonly VirtualEsp32Server server;
    private readonly PowerShellSession ps = new();
    private readonly byte[] firmware = Image(96 * 1024 - 0x1000, seed: 5, trailer: 0x1000);

    public Esp32InstallTests()
    {
        server = new VirtualEsp32Server(new VirtualEsp32Board(new VirtualEsp32Settings { TimeScale = 0 }), SerialTcpServerMode.Rfc2217);
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "ESP32_GENERIC-20240222-v1.22.2.bin"), firmware);
        ps.SetVariable("url", server.Url);
    }

    private VirtualEsp32Board Board => server.Board;

    public void Dispose()
    {
        ps.Dispose();
        server.Dispose();
        server.Board.Dispose();
    }

    /// <summary>A valid ESP32 image of one firmware-like segment (total length a multiple of 16), then <paramref name="trailer"/> bytes as in a merged .bin.</summary>
    internal static byte[] Image(int length, int seed, int trailer = 0)
    {
        var random = new Random(seed);
        var data = new byte[length + trailer];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)(i % 13);
        }

        byte[] header = [0xE9, 1, 0x02, 0x20, 0x00, 0x00, 0x08, 0x40, 0xEE, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0, 0];
        header.CopyTo(data, 0);
        int segment = length - 24 - 8 - 1;
        BitConverter.GetBytes(0x3F400020u).CopyTo(data, 24);
        BitConverter.GetBytes((uint)segment).CopyTo(data, 28);
        byte checksum = 0xEF;
        foreach (byte b in data.AsSpan(32, segment))
        {
            checksum ^= b;
        }

        data[length - 1] = checksum;
        return data;
    }

    private void AssertFirmwareLanded() => Assert.Equal(firmware, Board.Flash.Contents.AsSpan(0x1000, firmware.Length).ToArray());

    [Fact]
    public void A_port_piped_by_value_flashes_the_micropython_bin_at_0x1000_verified()
    {
        ScriptResult r = ps.Run("$url | Install-Esp32Firmware -Path ./ESP32_GENERIC-20240222-v1.22.2.bin -Confirm:$false").AssertSucceeded();

        Esp32InstallResult result = Assert.Single(r.Objects<Esp32InstallResult>());
        Assert.Equal(server.Url, result.Port);
        Assert.Equal("30:ae:a4:00:86:68", result.Mac);
        Esp32RegionResult region = Assert.Single(result.Regions);
        Assert.Equal(0x1000u, region.Offset);
        Assert.True(region.Verified);
        Assert.Equal(1, result.RegionCount);
        Assert.True(result.Verified);
        AssertFirmwareLanded();
    }

    [Fact]
    public void Save_Firmware_piped_to_Install_Esp32Firmware_flashes_what_was_downloaded()
    {
        // README's workflow (Save-Firmware -Board ESP32_GENERIC | Install-Esp32Firmware -Port ...), with a direct link to a loopback server.
        using var web = new LoopbackHttpServer();
        web.Map("/resources/firmware/ESP32_GENERIC-20240222-v1.22.2.bin", ctx => LoopbackHttpServer.Bytes(ctx, firmware));
        ps.SetVariable("uri", new Uri(web.Root, "/resources/firmware/ESP32_GENERIC-20240222-v1.22.2.bin"));
        ps.SetVariable("hash", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(firmware)));

        ScriptResult r = ps.Run("Save-Firmware -Uri $uri -AllowHttp -ExpectedHash $hash -DestinationPath ./dl | Install-Esp32Firmware -Port $url -Confirm:$false").AssertSucceeded();

        Esp32InstallResult result = Assert.Single(r.Objects<Esp32InstallResult>());
        Assert.Equal(Path.Combine(ps.WorkingFolder, "dl", "ESP32_GENERIC-20240222-v1.22.2.bin"), Assert.Single(result.Regions).FirmwarePath);
        Assert.True(result.Verified);
        AssertFirmwareLanded();
    }

    [Fact]
    public void A_file_piped_by_FullName_binds_to_Path()
    {
        ps.SetVariable("fw", Path.Combine(ps.WorkingFolder, "ESP32_GENERIC-20240222-v1.22.2.bin"));
        ScriptResult r = ps.Run("[System.IO.FileInfo]::new($fw) | Install-Esp32Firmware -Port $url -Confirm:$false").AssertSucceeded();
        Assert.Single(r.Objects<Esp32InstallResult>());
        AssertFirmwareLanded();
    }

    [Fact]
    public void Two_ports_with_one_dead_give_one_error_and_one_result()
    {
        ScriptResult r = ps.Run("'socket://127.0.0.1:1', $url | Install-Esp32Firmware -Path ./ESP32_GENERIC-20240222-v1.22.2.bin -Confirm:$false");

        Assert.Single(r.Objects<Esp32InstallResult>());
        ErrorRecord error = Assert.Single(r.Errors);
        Assert.EndsWith(",FirmwareTools.InstallEsp32FirmwareCommand", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("socket://127.0.0.1:1", error.ToString(), StringComparison.Ordinal);
        AssertFirmwareLanded();
    }

    [Fact]
    public void WhatIf_validates_and_opens_no_port()
    {
        ScriptResult r = ps.Run("Install-Esp32Firmware -Port $url -Path ./ESP32_GENERIC-20240222-v1.22.2.bin -WhatIf").AssertSucceeded();
        Assert.Empty(r.Output);
        Assert.Contains(ps.Host.RecordingUI.Screen.Split('\n'), l => l.StartsWith("What if:", StringComparison.Ordinal) && l.Contains("0x1000", StringComparison.Ordinal));
        Assert.Equal(0, server.ClientsAccepted);
    }

    [Fact]
    public void Image_hashtable_takes_numeric_and_string_offsets()
    {
        byte[] app = Image(64 * 1024, seed: 9);
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "app.bin"), app);
        byte[] table = Enumerable.Repeat((byte)0xFF, 3072).ToArray();
        table[0] = 0xAA;
        table[1] = 0x50;
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "partitions.bin"), table);
        ScriptResult r = ps.Run("Install-Esp32Firmware -Port $url -Image @{ 0x10000 = './app.bin'; '0x8000' = './partitions.bin' } -After NoReset -Confirm:$false").AssertSucceeded();

        Esp32InstallResult result = Assert.Single(r.Objects<Esp32InstallResult>());
        Assert.Equal(new uint[] { 0x8000, 0x10000 }, result.Regions.Select(g => g.Offset));
        Assert.Equal(app, Board.Flash.Contents.AsSpan(0x10000, app.Length).ToArray());
        Assert.False(result.Reset);
    }

    [Fact]
    public void A_non_esp32_file_is_an_Esp32ImageInvalid_error_and_the_port_is_not_opened()
    {
        // (A .dfu is refused sooner, as firmware for an STM32: FirmwareFamilyTests.)
        File.WriteAllBytes(Path.Combine(ps.WorkingFolder, "garbage.bin"), "not an ESP32 image at all"u8.ToArray());
        ScriptResult r = ps.Run("Install-Esp32Firmware -Port $url -Path ./garbage.bin -Confirm:$false");

        ErrorRecord error = Assert.Single(r.Errors);
        Assert.Equal("Esp32ImageInvalid,FirmwareTools.InstallEsp32FirmwareCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.Equal(0, server.ClientsAccepted);
    }

    [Fact]
    public void Progress_reports_the_region_and_completes()
    {
        ScriptResult r = ps.Run("Install-Esp32Firmware -Port $url -Path ./ESP32_GENERIC-20240222-v1.22.2.bin -Confirm:$false").AssertSucceeded();
        var records = r.Progress.Where(p => p.Activity.StartsWith("Write ", StringComparison.Ordinal)).ToList();
        Assert.Contains(records, p => p.RecordType == ProgressRecordType.Processing && p.StatusDescription.Contains("0x1000", StringComparison.Ordinal));
        Assert.Equal(ProgressRecordType.Completed, records[^1].RecordType);
    }

    [Fact]
    public void The_default_view_fits_80_columns()
    {
        ps.Run("$r = Install-Esp32Firmware -Port $url -Path ./ESP32_GENERIC-20240222-v1.22.2.bin -Confirm:$false").AssertSucceeded();
        string[] lines = ps.Render("$r").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToArray();
        Assert.True(lines.Length >= 3, string.Join("|", lines));
        string table = string.Join("\n", lines);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(lines[0].TrimEnd(), @"^Chip +Mac +Flash +Verified +Port$"), table);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(lines[2], @"^ESP32-D0WDQ6 v0\.0 +30:ae:a4:00:86:68 +4 MB +True +(socket|rfc2217)://127\.0\.0\.1:[0-9]+$"), table);
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"wider than 80 columns: '{l}'"));
    }

    [Fact]
    public void Port_names_complete_through_TabExpansion2_from_the_serial_port_listing()
    {
        // Two USB serial adapters on a fake sysfs (the module reads FIRMWARETOOLS_SYSFS_ROOT at each listing; the
        // engine collection runs one test at a time, so the process-wide variable is this test's alone).
        using var sysfs = new FakeSysfs();
        sysfs.UsbSerial("1-1.2", "ttyUSB0", "cp210x", "10c4", "ea60", "0001", "Silicon Labs", "CP2102N USB to UART Bridge Controller")
             .UsbSerial("1-1.3", "ttyUSB1", "ch341", "1a86", "7523", null, null, "USB Serial")
             .UsbSerial("1-1.4", "ttyACM0", "cdc_acm", "f055", "9800", "206F35A3424D", "MicroPython", "Pyboard Virtual Comm Port in FS Mode", interfaceNumber: 1);
        string? before = Environment.GetEnvironmentVariable("FIRMWARETOOLS_SYSFS_ROOT");
        Environment.SetEnvironmentVariable("FIRMWARETOOLS_SYSFS_ROOT", sysfs.Root);
        try
        {
            ScriptResult all = ps.Run("$line = 'Install-Esp32Firmware -Port '; (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object CompletionText").AssertSucceeded();
            Assert.Equal(new[] { "/dev/ttyACM0", "/dev/ttyUSB0", "/dev/ttyUSB1" }, all.Output.Select(o => o.ToString()));

            ScriptResult usb = ps.Run("$line = 'Install-Esp32Firmware -Path ./fw.bin -Port ttyUSB'; (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object { $_.CompletionText + '|' + $_.ToolTip }").AssertSucceeded();
            Assert.Equal(new[] { "/dev/ttyUSB0|/dev/ttyUSB0 10c4:ea60 CP2102N USB to UART Bridge Controller 0001", "/dev/ttyUSB1|/dev/ttyUSB1 1a86:7523 USB Serial" }, usb.Output.Select(o => o.ToString()));
        }
        finally
        {
            Environment.SetEnvironmentVariable("FIRMWARETOOLS_SYSFS_ROOT", before);
        }
    }

    [Fact]
    public async Task Ctrl_c_mid_write_stops_with_no_result_and_the_port_closed()
    {
        // A timed board at 115200: the write takes seconds, so the stop lands in the middle of it.
        using var slow = new VirtualEsp32Server(new VirtualEsp32Board(new VirtualEsp32Settings { TimeScale = 1 }), SerialTcpServerMode.Rfc2217);
        ps.SetVariable("slow", slow.Url);
        using RunningScript running = ps.Begin("Install-Esp32Firmware -Port $slow -Path ./ESP32_GENERIC-20240222-v1.22.2.bin -FlashBaudRate 115200 -Confirm:$false");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!slow.Board.Commands.Any(c => c.Opcode == Esp32RomOpcode.FLASH_DEFL_DATA) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        Assert.Contains(slow.Board.Commands, c => c.Opcode == Esp32RomOpcode.FLASH_DEFL_DATA);
        await Task.Run(running.Stop).WaitAsync(TimeSpan.FromMinutes(2));
        ScriptResult r = running.Complete();

        Assert.Equal(PSInvocationState.Stopped, running.State);
        Assert.Empty(r.Output);
        Assert.DoesNotContain(slow.Board.Commands, c => c.Opcode == Esp32RomOpcode.SPI_FLASH_MD5);
        slow.Board.Dispose();
    }
}
