using FirmwareTools.Tests.Common;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Simulators.Serial;
using FirmwareTools.TestImages;
using FirmwareTools.Tests.Esp32;
using Xunit;

namespace FirmwareTools.Tests.Esp32Board;

/// <summary>Esp32Installer: validation before any port I/O, and the install against the scripted ROM.</summary>
public sealed class Esp32InstallerTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("esp32-install-").FullName;
    private readonly VirtualSerialLink link = new("COM7");
    private readonly ScriptedEsp32Rom rom;

    public Esp32InstallerTests() => rom = new ScriptedEsp32Rom(link);

    public void Dispose()
    {
        link.Host.Dispose();
        rom.Dispose();
        Directory.Delete(dir, true);
    }

    private string File(string name, byte[] bytes)
    {
        string path = Path.Combine(dir, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    private Esp32InstallRequest Request(params (uint Offset, string Path)[] regions) => new()
    {
        Port = "COM7",
        Regions = regions.Select(r => new Esp32Region(r.Offset, r.Path)).ToArray(),
        Before = Esp32BeforeMode.NoReset,
        Timeouts = Esp32RomClientTests.TestTimeouts,
        ConnectAttempts = 1,
    };

    private Esp32InstallResult Run(Esp32InstallRequest request, IProgress<OperationProgress>? progress = null, CancellationToken token = default, List<string>? log = null) =>
        Esp32Installer.Install(Esp32Installer.Prepare(request), (_, _) => link.Host, progress, (level, message) => log?.Add(message), token);

    private (string Boot, string Table, string App) WiPyShaped()
    {
        byte[] boot = Esp32TestImage.FirmwareLike(segmentLengths: [0x1800, 0x1000], seed: 1);
        byte[] app = Esp32TestImage.FirmwareLike(segmentLengths: [60_000, 20_000, 9], seed: 2);
        return (File("bootloader.bin", boot), File("partitions.bin", Esp32TestImage.PartitionTable(md5Entry: false)), File("app.bin", app));
    }

    [Fact]
    public void Three_regions_are_written_verified_and_the_board_reset()
    {
        (string boot, string table, string app) = WiPyShaped();
        var reports = new List<OperationProgress>();
        var log = new List<string>();
        Esp32InstallResult result = Run(Request((0x10000, app), (0x1000, boot), (0x8000, table)) with { After = Esp32AfterMode.HardReset }, new SyncProgress<OperationProgress>(reports.Add), log: log);

        Assert.Equal("COM7", result.Port);
        Assert.Equal("ESP32-D0WDQ6 (revision v1.0)", result.Chip);
        Assert.Equal("30:ae:a4:00:86:68", result.Mac);
        Assert.Equal(4L * 1024 * 1024, result.FlashSize);
        Assert.Equal(921600, result.BaudRate);
        Assert.True(result.Reset);
        Assert.Equal(new uint[] { 0x1000, 0x8000, 0x10000 }, result.Regions.Select(r => r.Offset));
        Assert.All(result.Regions, r => Assert.True(r.Verified));
        foreach ((uint offset, string path) in new[] { (0x1000u, boot), (0x8000u, table), (0x10000u, app) })
        {
            byte[] bytes = System.IO.File.ReadAllBytes(path);
            Assert.Equal(bytes, rom.Flash.AsSpan((int)offset, bytes.Length).ToArray());
            Esp32RegionResult region = result.Regions.Single(r => r.Offset == offset);
            Assert.Equal(Convert.ToHexString(System.Security.Cryptography.MD5.HashData(rom.Flash.AsSpan((int)offset, (int)region.Size))).ToLowerInvariant(), region.Md5);
        }

        Assert.Equal(3, rom.Received.Count(c => c == Esp32Command.SpiFlashMd5));
        Assert.True(rom.WaitForHostClose(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, rom.Resets);
        Assert.False(rom.InDownloadMode);
        Assert.Contains(reports, p => p.IsFinal && p.Target == "0x10000 app.bin" && p.Completed == p.Total);
        Assert.Contains(log, l => l.Contains("FLASH_DEFL_BEGIN at 0x10000"));
        Assert.True(link.Device.HostClosed);
    }

    [Fact]
    public void NoVerify_skips_md5_and_NoReset_stays_in_the_bootloader()
    {
        (string boot, _, _) = WiPyShaped();
        Esp32InstallResult result = Run(Request((0x1000, boot)) with { Verify = false, After = Esp32AfterMode.NoReset, FlashBaudRate = 115200 });
        Assert.False(result.Regions[0].Verified);
        Assert.False(result.Verified);
        Assert.Equal(1, result.RegionCount);
        Assert.False(result.Reset);
        Assert.Equal(0, rom.Received.Count(c => c == Esp32Command.SpiFlashMd5));
        Assert.DoesNotContain(Esp32Command.ChangeBaudRate, rom.Received);
        Assert.True(rom.InDownloadMode);
    }

    [Fact]
    public void Md5_mismatch_is_an_error_never_success()
    {
        (string boot, _, _) = WiPyShaped();
        rom.WrongMd5 = true;
        var e = Catalogued.Throws("Esp32Md5Mismatch", () => Run(Request((0x1000, boot))));
        Assert.Equal("Esp32Md5Mismatch", e.ErrorId);
        Assert.Equal(FirmwareErrorKind.ChecksumMismatch, e.Kind);
        Assert.Contains("0x1000", e.Message);
    }

    [Fact]
    public void Overlapping_regions_are_refused_before_the_port_is_opened()
    {
        (string boot, _, string app) = WiPyShaped();
        var e = Catalogued.Throws("Esp32RegionsInvalid", () => Esp32Installer.Prepare(Request((0x1000, app), (0x10000, boot), (0x12000, app))));
        Assert.Contains("overlaps", e.Message);
        Assert.Empty(rom.Received);
    }

    [Fact]
    public void A_region_past_the_detected_flash_size_is_refused_before_any_write()
    {
        string raw = File("data.bin", Enumerable.Repeat((byte)0x42, 8192).ToArray());
        var e = Catalogued.Throws("Esp32RegionsInvalid", () => Run(Request((0x3FF000, raw)) with { Force = true }));
        Assert.Contains("past the end of the flash", e.Message);
        Assert.Contains("4 MiB", e.Message);
        Assert.DoesNotContain(Esp32Command.FlashDeflBegin, rom.Received);
    }

    [Fact]
    public void Past_16_MiB_is_refused_at_validation()
    {
        string raw = File("data.bin", new byte[16]);
        Catalogued.Throws("Esp32RegionsInvalid", () => Esp32Installer.Prepare(Request((0x1000000, raw)) with { Force = true }));
    }

    [Fact]
    public void An_unaligned_offset_is_refused()
    {
        (string boot, _, _) = WiPyShaped();
        Assert.Contains("4 KiB sector", Catalogued.Throws("Esp32RegionsInvalid", () => Esp32Installer.Prepare(Request((0x1800, boot)))).Message);
    }

    [Fact]
    public void Non_image_data_at_the_app_offset_is_refused_even_with_force()
    {
        string text = File("readme.txt", "hello, not firmware"u8.ToArray());
        var e = Assert.Throws<Esp32ImageException>(() => Esp32Installer.Prepare(Request((0x10000, text)) with { Force = true }));
        Assert.Contains("not an ESP32 image", e.Message);
        Assert.Contains("the app", e.Message);
    }

    [Fact]
    public void Raw_data_elsewhere_needs_force_and_then_warns()
    {
        string raw = File("nvs.bin", Enumerable.Repeat((byte)0x11, 4096).ToArray());
        Assert.Contains("-Force", Assert.Throws<Esp32ImageException>(() => Esp32Installer.Prepare(Request((0x9000, raw)))).Message);
        Esp32InstallPreparation prepared = Esp32Installer.Prepare(Request((0x9000, raw)) with { Force = true });
        Assert.Equal(Esp32RegionKind.Raw, prepared.Regions[0].Kind);
        Assert.Contains(prepared.Warnings, w => w.Contains("raw data"));
    }

    [Fact]
    public void A_partition_table_is_recognised_at_0x8000_and_anything_else_there_refused()
    {
        string table = File("partitions.bin", Esp32TestImage.PartitionTable(md5Entry: false));
        Assert.Equal(Esp32RegionKind.PartitionTable, Esp32Installer.Prepare(Request((0x8000, table))).Regions[0].Kind);
        string junk = File("junk.bin", new byte[3072]);
        Assert.Contains("not a partition table", Assert.Throws<Esp32ImageException>(() => Esp32Installer.Prepare(Request((0x8000, junk)))).Message);
    }

    [Fact]
    public void An_s3_image_at_0x1000_is_refused_saying_it_belongs_at_0x0()
    {
        // docs/protocols/esp32-family.md §4.3: written at 0x1000 it would leave 0x0 erased ("invalid header").
        string s3 = File("s3.bin", Esp32TestImage.FirmwareLike(chipId: 9));
        FirmwareError e = Catalogued.Throws("Esp32ImageMisplaced", () => Esp32Installer.Prepare(Request((0x1000, s3))));
        Assert.Contains("ESP32-S3, whose bootloader goes at 0x0, not at 0x1000", e.Message);
        Assert.Contains("-Image @{ 0x0 = ", e.RecommendedAction);
        Assert.Equal(0x0u, Esp32Installer.RegionForFirmware(s3).Offset);
    }

    [Fact]
    public void An_image_for_a_chip_the_module_does_not_flash_is_refused_with_its_name()
    {
        string p4 = File("p4.bin", Esp32TestImage.FirmwareLike(chipId: 18));
        Assert.Contains("ESP32-P4", Assert.Throws<Esp32ImageException>(() => Esp32Installer.Prepare(Request((0x2000, p4)))).Message);
        Assert.Contains("ESP32-P4", Assert.Throws<Esp32ImageException>(() => Esp32Installer.RegionForFirmware(p4)).Message);
    }

    [Fact]
    public void Images_for_two_chips_in_one_install_are_refused()
    {
        string boot = File("boot.bin", Esp32TestImage.FirmwareLike(chipId: 0));
        string app = File("app-c3.bin", Esp32TestImage.FirmwareLike(chipId: 5));
        FirmwareError e = Catalogued.Throws("Esp32ChipMismatch", () => Esp32Installer.Prepare(Request((0x1000, boot), (0x10000, app))));
        Assert.Contains("'" + app + "' is firmware for ESP32-C3, but '" + boot + "' in the same install is firmware for ESP32", e.Message);
    }

    [Fact]
    public void A_corrupt_image_is_refused()
    {
        byte[] bytes = Esp32TestImage.FirmwareLike();
        bytes[100] ^= 0xFF;
        string bad = File("bad.bin", bytes);
        Assert.Contains("damaged", Assert.Throws<Esp32ImageException>(() => Esp32Installer.Prepare(Request((0x10000, bad)))).Message);
    }

    [Fact]
    public void A_micropython_bin_goes_to_the_esp32_bootloader_offset()
    {
        string bin = File("ESP32_GENERIC-20240222-v1.22.2.bin", Esp32TestImage.FirmwareLike(trailer: Enumerable.Repeat((byte)0xAB, 0x10000).ToArray()));
        Esp32Region region = Esp32Installer.RegionForFirmware(bin);
        Assert.Equal(0x1000u, region.Offset);
        Esp32InstallResult result = Run(Request((region.Offset, region.Path)));
        Assert.True(result.Regions.Single().Verified);
        Assert.Equal(System.IO.File.ReadAllBytes(bin), rom.Flash.AsSpan(0x1000, (int)new FileInfo(bin).Length).ToArray());
    }

    [Fact]
    public void Cancellation_mid_write_closes_the_port_and_is_never_success()
    {
        (_, _, string app) = WiPyShaped();
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress<OperationProgress>(p =>
        {
            if (p.Phase == "Write" && p.Completed > 0)
            {
                cancel.Cancel();
            }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => Run(Request((0x10000, app)), progress, cancel.Token));
        Assert.True(link.Device.HostClosed);
        Assert.DoesNotContain(Esp32Command.SpiFlashMd5, rom.Received);
    }

    [Fact]
    public void A_lost_data_reply_restarts_the_region_and_still_verifies()
    {
        (string boot, _, _) = WiPyShaped();
        rom.DropReplies.Add(Esp32Command.FlashDeflData);
        var log = new List<string>();
        Esp32InstallResult result = Run(Request((0x1000, boot)), log: log);
        Assert.True(result.Regions.Single().Verified);
        Assert.Equal(2, rom.DeflBegins.Count);
        Assert.Contains(log, l => l.Contains("starting the region again"));
    }

    [Fact]
    public void A_board_running_micropython_is_reported_as_such()
    {
        (string boot, _, _) = WiPyShaped();
        rom.InDownloadMode = false;
        rom.Repl = true;
        Catalogued.Throws("Esp32RunsFirmware", () => Run(Request((0x1000, boot))));
        Assert.True(link.Device.HostClosed);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var e = Catalogued.Throws("FirmwareFileNotFound", () => Esp32Installer.Prepare(Request((0x1000, Path.Combine(dir, "nope.bin")))));
        Assert.Contains("nope.bin", e.Message);
    }
}
