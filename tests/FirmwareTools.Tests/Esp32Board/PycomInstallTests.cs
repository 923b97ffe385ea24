using System.Security.Cryptography;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;
using FirmwareTools.TestImages;
using FirmwareTools.Tests.Esp32;
using FirmwareTools.Tests.Images;
using Xunit;

namespace FirmwareTools.Tests.Esp32Board;

/// <summary>
/// Install-Esp32Firmware with a Pycom package (issue 8 item 1), flash parameters (2), -SkipUnchanged and -EraseAll (3)
/// against the simulators' virtual ESP32 on an Expansion Board 2.0 (G23 jumper fitted, no auto-reset lines). TimeScale 0.
/// </summary>
public sealed class PycomInstallTests : IDisposable
{
    private const int FourMB = 4 * 1024 * 1024;
    private const uint ConfigBlock = 0x3FF000;

    /// <summary>A WiPy 1.20-shaped package: the 4 MB script erases the file system, then writes bootloader, table and app.</summary>
    private const string Script4MB = """
        {
          "version" : "2.1",
          "partitions" : { "factory" : ["0x10000", "0x1AE000"], "ota_0" : ["0x1C0000", "0x1AE000"], "otadata" : ["0x1BE000", "0x1000"] },
          "script" : [
              ["e", "fs", "0x0"],
              ["w", "bootloader", "bootloader.bin"],
              ["w", "partitions", "partitions.bin"],
              ["w", "factory", "wipy.bin"]
            ]
        }
        """;

    private readonly string dir = Directory.CreateTempSubdirectory("pycom-install-").FullName;
    private readonly List<VirtualSerialLink> links = [];

    public void Dispose()
    {
        foreach (VirtualSerialLink link in links)
        {
            link.Host.Dispose();
        }

        Directory.Delete(dir, true);
    }

    internal static (byte[] Bootloader, byte[] Partitions, byte[] App, byte[] Tarball) WiPyPackage(string script4MB = Script4MB)
    {
        byte[] bootloader = Esp32TestImage.OfLength(12_896, seed: 10, hashAppended: true, mode: 0x00, sizeFrequency: 0x20);
        byte[] partitions = Esp32TestImage.PartitionTable(3_072);
        byte[] app = Esp32TestImage.OfLength(200_000, seed: 11, hashAppended: true, load: 0x3F400020);
        byte[] tarball = TestTarball.Package(("bootloader.bin", bootloader), ("partitions.bin", partitions), ("wipy.bin", app), ("script_4MB", TestTarball.Script(script4MB)));
        return (bootloader, partitions, app, tarball);
    }

    private static VirtualEsp32Board ExpansionBoard2(int flashSize = FourMB, uint jedec = 0x1640EF)
    {
        var board = new VirtualEsp32Board(new VirtualEsp32Settings { TimeScale = 0, StrapJumperFitted = true, ModemLinesWired = false, FlashSize = flashSize, JedecId = jedec });
        board.PressReset();
        return board;
    }

    private ISerialPort Open(VirtualEsp32Board board)
    {
        var link = new VirtualSerialLink("COM5");
        links.Add(link);
        board.Attach(link);
        return link.Host;
    }

    private string Save(string name, byte[] bytes)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static Esp32InstallRequest Request(string package) => new()
    {
        Port = "COM5",
        PackagePath = package,
        Before = Esp32BeforeMode.NoReset,
        After = Esp32AfterMode.NoReset,
        Timeouts = Esp32RomClientTests.TestTimeouts,
        ConnectAttempts = 2,
    };

    private Esp32InstallResult Install(VirtualEsp32Board board, Esp32InstallRequest request, List<string>? log = null) =>
        Esp32Installer.Install(Esp32Installer.Prepare(request), (_, _) => Open(board), null, (level, message) => log?.Add($"{level}: {message}"));

    private static byte[] Pattern(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static string Md5(ReadOnlySpan<byte> data) => Convert.ToHexString(MD5.HashData(data)).ToLowerInvariant();

    private static int Count(VirtualEsp32Board board, byte opcode) => board.Commands.Count(c => c.Opcode == opcode);

    [Fact]
    public void A_WiPy_package_runs_its_4MB_script_erases_writes_verifies_and_keeps_the_config_block()
    {
        (byte[] bootloader, byte[] partitions, byte[] app, byte[] tarball) = WiPyPackage();
        string path = Save("WiPy-1.20.2.tar.gz", tarball);
        using VirtualEsp32Board board = ExpansionBoard2();
        byte[] config = Pattern(0x1000, 77);
        byte[] fs = Pattern(0x1000, 78);
        config.CopyTo(board.Flash.Contents, (int)ConfigBlock);
        fs.CopyTo(board.Flash.Contents, 0x380000);
        Assert.True(Esp32Installer.IsPackage(path));

        var log = new List<string>();
        Esp32InstallResult result = Install(board, Request(path), log);

        // The erase of fs, the three writes and the otadata record the updater adds, in order.
        Assert.Equal(new uint[] { 0x380000, 0x1000, 0x8000, 0x10000, 0x1BE000 }, result.Regions.Select(r => r.Offset));
        Assert.Equal(new[] { Esp32RegionAction.Erased, Esp32RegionAction.Written, Esp32RegionAction.Written, Esp32RegionAction.Written, Esp32RegionAction.Written }, result.Regions.Select(r => r.Action));
        Assert.All(result.Regions, r => Assert.True(r.Verified));
        Assert.Equal("WiPy-1.20.2.tar.gz/wipy.bin", result.Regions[3].FirmwarePath);

        byte[] flash = board.Flash.Contents;
        Assert.Equal(config, flash.AsSpan((int)ConfigBlock, 0x1000).ToArray());
        Assert.All(flash.AsSpan(0x380000, 0x7F000).ToArray(), b => Assert.Equal(0xFF, b));
        Assert.Equal(app, flash.AsSpan(0x10000, app.Length).ToArray());
        Assert.Equal(partitions, flash.AsSpan(0x8000, partitions.Length).ToArray());

        // Pycom's updater writes dio / 80m / detect into the bootloader: 02 2F on a 4 MB chip, and its SHA-256 is recomputed.
        byte[] flashed = flash.AsSpan(0x1000, bootloader.Length).ToArray();
        Assert.Equal(new byte[] { 0x02, 0x2F }, flashed[2..4]);
        Assert.Equal(SHA256.HashData(flashed.AsSpan(0, flashed.Length - 32)), flashed[^32..]);
        Assert.Equal(bootloader[4..^32], flashed[4..^32]);

        // One FLASH_BEGIN (the ROM's erase) with zero blocks, and every step MD5-checked on the chip.
        Assert.Equal(1, Count(board, Esp32RomOpcode.FLASH_BEGIN));
        Assert.Equal(0, Count(board, Esp32RomOpcode.FLASH_DATA));
        Assert.Equal(5, Count(board, Esp32RomOpcode.SPI_FLASH_MD5));
        Assert.Contains(log, l => l.Contains("Run script_4MB of WiPy-1.20.2.tar.gz"));
        Assert.Equal(Esp32BoardState.RomDownload, board.State);
    }

    [Fact]
    public void Explicit_flash_parameters_override_the_updater_defaults_for_a_package()
    {
        (byte[] bootloader, _, _, byte[] tarball) = WiPyPackage();
        string path = Save("WiPy.tar.gz", tarball);
        using VirtualEsp32Board board = ExpansionBoard2();
        Install(board, Request(path) with { FlashParameters = new Esp32FlashParameters(Esp32FlashMode.Qio, Esp32FlashFrequency.Freq40M, Esp32FlashSizeSetting.Keep) });
        byte[] flashed = board.Flash.Contents.AsSpan(0x1000, bootloader.Length).ToArray();
        Assert.Equal(new byte[] { 0x00, 0x20 }, flashed[2..4]);
    }

    [Fact]
    public void A_package_for_8MB_on_a_4MB_chip_is_refused_before_any_write()
    {
        const string script2For8MB = """
            {"version": "2.1", "partitions": {"ota_0": ["0x410000", "0x2EF000"]},
             "script": [["w", "bootloader", "bootloader.bin"], ["w", "ota_0", "app.bin"]]}
            """;
        byte[] tarball = TestTarball.Package(("bootloader.bin", Esp32TestImage.OfLength(0x400, seed: 30)), ("app.bin", Esp32TestImage.OfLength(0x1000, seed: 31)), ("script2", TestTarball.Script(script2For8MB)));
        string path = Save("LoPy4.tar.gz", tarball);
        using VirtualEsp32Board board = ExpansionBoard2();
        byte[] before = (byte[])board.Flash.Contents.Clone();

        // Before connecting, the confirmation says what happens on each size.
        Esp32InstallPreparation prepared = Esp32Installer.Prepare(Request(path));
        Assert.Contains("4 MiB: refused", prepared.Description);
        Assert.Contains("8 MiB: Run script2 of LoPy4.tar.gz", prepared.Description);

        var e = Assert.Throws<PycomPackageException>(() => Install(board, Request(path)));
        Assert.Contains("past the end of this board's 4 MiB flash", e.Message);
        Assert.Equal(0, Count(board, Esp32RomOpcode.FLASH_BEGIN));
        Assert.Equal(0, Count(board, Esp32RomOpcode.FLASH_DEFL_BEGIN));
        Assert.Equal(before, board.Flash.Contents);
    }

    [Fact]
    public void SkipUnchanged_re_flash_sends_no_data_and_says_Skipped()
    {
        (_, _, _, byte[] tarball) = WiPyPackage();
        string path = Save("WiPy.tar.gz", tarball);
        using VirtualEsp32Board board = ExpansionBoard2();
        Install(board, Request(path));
        byte[] first = (byte[])board.Flash.Contents.Clone();
        board.ClearCommandLog();
        (int erasedBefore, int writesBefore) = (board.Flash.SectorsErased, board.Flash.Writes);

        Esp32InstallResult again = Install(board, Request(path) with { SkipUnchanged = true });
        Assert.All(again.Regions, r => Assert.Equal(Esp32RegionAction.Skipped, r.Action));
        Assert.Equal(0, board.Flash.SectorsErased - erasedBefore);
        Assert.Equal(0, board.Flash.Writes - writesBefore);
        Assert.Equal(0, Count(board, Esp32RomOpcode.FLASH_DEFL_BEGIN));
        Assert.Equal(0, Count(board, Esp32RomOpcode.FLASH_DEFL_DATA));
        Assert.Equal(0, Count(board, Esp32RomOpcode.FLASH_BEGIN));
        Assert.Equal(first, board.Flash.Contents);
    }

    /// <summary>A script that erases the partition-table sector and then writes the table into it (issue 17 item 4).</summary>
    private const string EraseThenWriteScript = """
        {
          "version" : "2.1",
          "partitions" : { "factory" : ["0x10000", "0x1AE000"], "ota_0" : ["0x1C0000", "0x1AE000"], "otadata" : ["0x1BE000", "0x1000"] },
          "script" : [
              ["e", "0x8000", "0x1000"],
              ["w", "bootloader", "bootloader.bin"],
              ["w", "partitions", "partitions.bin"],
              ["w", "factory", "wipy.bin"]
            ]
        }
        """;

    [Fact]
    public void SkipUnchanged_nets_an_erase_and_the_write_into_it_so_an_unchanged_board_is_neither_erased_nor_written()
    {
        (_, _, _, byte[] tarball) = WiPyPackage(EraseThenWriteScript);
        string path = Save("WiPy.tar.gz", tarball);
        using VirtualEsp32Board board = ExpansionBoard2();
        Install(board, Request(path));
        byte[] first = (byte[])board.Flash.Contents.Clone();
        board.Flash.ResetCounters();
        board.ClearCommandLog();

        Esp32InstallResult again = Install(board, Request(path) with { SkipUnchanged = true });

        Assert.All(again.Regions, r => Assert.Equal(Esp32RegionAction.Skipped, r.Action));
        Assert.Equal(0, board.Flash.SectorsErased);
        Assert.Equal(0, board.Flash.Writes);
        Assert.Equal(0, Count(board, Esp32RomOpcode.FLASH_BEGIN));
        Assert.Equal(0, Count(board, Esp32RomOpcode.FLASH_DEFL_BEGIN));
        Assert.Equal(first, board.Flash.Contents);
    }

    [Fact]
    public void SkipUnchanged_runs_the_erase_and_the_write_of_a_netted_range_that_differs()
    {
        (_, byte[] partitions, _, byte[] tarball) = WiPyPackage(EraseThenWriteScript);
        string path = Save("WiPy.tar.gz", tarball);
        using VirtualEsp32Board board = ExpansionBoard2();
        Install(board, Request(path));
        board.Flash.Contents[0x8F00] = 0x00; // past the table, in the sector the script erases: only the erase restores it
        board.Flash.ResetCounters();

        Esp32InstallResult again = Install(board, Request(path) with { SkipUnchanged = true });

        Assert.Equal(Esp32RegionAction.Erased, again.Regions.Single(r => r.Offset == 0x8000 && r.Size == 0x1000).Action);
        Assert.Equal(0xFF, board.Flash.Contents[0x8F00]);
        Assert.Equal(partitions, board.Flash.Contents.AsSpan(0x8000, partitions.Length).ToArray());
        Assert.True(board.Flash.SectorsErased >= 1);
        Assert.All(again.Regions.Where(r => r.Offset != 0x8000), r => Assert.Equal(Esp32RegionAction.Skipped, r.Action));
    }

    [Fact]
    public void SkipUnchanged_writes_only_the_region_that_differs()
    {
        (_, _, byte[] app, byte[] tarball) = WiPyPackage();
        string path = Save("WiPy.tar.gz", tarball);
        using VirtualEsp32Board board = ExpansionBoard2();
        Install(board, Request(path));
        board.Flash.Contents[0x10000 + 5000] ^= 0x55; // one byte of the app changed on the chip
        board.ClearCommandLog();

        Esp32InstallResult again = Install(board, Request(path) with { SkipUnchanged = true });
        Assert.Equal(new[] { Esp32RegionAction.Skipped, Esp32RegionAction.Skipped, Esp32RegionAction.Skipped, Esp32RegionAction.Written, Esp32RegionAction.Skipped }, again.Regions.Select(r => r.Action));
        Assert.Equal(1, Count(board, Esp32RomOpcode.FLASH_DEFL_BEGIN));
        Assert.Equal(app, board.Flash.Contents.AsSpan(0x10000, app.Length).ToArray());
    }

    [Fact]
    public void SkipUnchanged_with_a_MicroPython_image_skips_it_when_the_chip_holds_it()
    {
        byte[] image = Esp32TestImage.FirmwareLike(segmentLengths: [0x1800, 0x1400], seed: 11);
        string path = Save("micropython.bin", image);
        using VirtualEsp32Board board = ExpansionBoard2();
        image.CopyTo(board.Flash.Contents, 0x1000);
        var request = new Esp32InstallRequest
        {
            Port = "COM5", Regions = [new Esp32Region(0x1000, path)], Before = Esp32BeforeMode.NoReset, After = Esp32AfterMode.NoReset,
            Timeouts = Esp32RomClientTests.TestTimeouts, ConnectAttempts = 2, SkipUnchanged = true,
        };
        Esp32InstallResult result = Install(board, request);
        Assert.Equal(Esp32RegionAction.Skipped, Assert.Single(result.Regions).Action);
        Assert.Equal(0, Count(board, Esp32RomOpcode.FLASH_DEFL_DATA));
        Assert.Equal(0, board.Flash.SectorsErased);
        Assert.Equal(0, board.Flash.Writes);
    }

    [Fact]
    public void EraseAll_wipes_the_whole_flash_config_block_included_before_writing()
    {
        (_, _, byte[] app, byte[] tarball) = WiPyPackage();
        string path = Save("WiPy.tar.gz", tarball);
        using VirtualEsp32Board board = ExpansionBoard2();
        Pattern(0x1000, 5).CopyTo(board.Flash.Contents, (int)ConfigBlock);
        Pattern(0x1000, 6).CopyTo(board.Flash.Contents, 0x300000);

        Esp32InstallPreparation prepared = Esp32Installer.Prepare(Request(path) with { EraseAll = true });
        Assert.StartsWith("Erase the WHOLE flash", prepared.Description);
        Assert.Contains("config block", prepared.Description);

        Esp32InstallResult result = Install(board, Request(path) with { EraseAll = true });
        Esp32RegionResult erase = result.Regions[0];
        Assert.Equal((0u, (long)FourMB, Esp32RegionAction.Erased), (erase.Offset, erase.Size, erase.Action));
        Assert.True(erase.Verified);
        Assert.Equal(2, Count(board, Esp32RomOpcode.FLASH_BEGIN)); // the whole flash, then the script's erase of fs
        Assert.All(board.Flash.Contents.AsSpan((int)ConfigBlock, 0x1000).ToArray(), b => Assert.Equal(0xFF, b));
        Assert.All(board.Flash.Contents.AsSpan(0x300000, 0x1000).ToArray(), b => Assert.Equal(0xFF, b));
        Assert.Equal(app, board.Flash.Contents.AsSpan(0x10000, app.Length).ToArray());
    }

    [Fact]
    public void FlashParameters_patch_a_MicroPython_image_at_0x1000_and_recompute_its_digest()
    {
        byte[] image = Esp32TestImage.OfLength(0x3000, seed: 40, hashAppended: true, mode: 0x00, sizeFrequency: 0x20);
        string path = Save("micropython.bin", image);
        using VirtualEsp32Board board = ExpansionBoard2();
        var request = new Esp32InstallRequest
        {
            Port = "COM5", Regions = [new Esp32Region(0x1000, path)], Before = Esp32BeforeMode.NoReset, After = Esp32AfterMode.NoReset,
            Timeouts = Esp32RomClientTests.TestTimeouts, ConnectAttempts = 2, FlashParameters = Esp32FlashParameters.PycomUpdater,
        };
        Esp32InstallResult result = Install(board, request);
        byte[] flashed = board.Flash.Contents.AsSpan(0x1000, image.Length).ToArray();
        Assert.Equal(new byte[] { 0x02, 0x2F }, flashed[2..4]);
        Assert.Equal(SHA256.HashData(flashed.AsSpan(0, flashed.Length - 32)), flashed[^32..]);
        Assert.NotEqual(image[^32..], flashed[^32..]);
        Assert.Equal(Md5(flashed), Assert.Single(result.Regions).Md5);
        Assert.True(result.Regions[0].Verified);
    }

    [Fact]
    public void By_default_a_MicroPython_image_is_written_unchanged()
    {
        byte[] image = Esp32TestImage.OfLength(0x3000, seed: 41, hashAppended: true, mode: 0x00, sizeFrequency: 0x20);
        string path = Save("micropython.bin", image);
        using VirtualEsp32Board board = ExpansionBoard2();
        var request = new Esp32InstallRequest
        {
            Port = "COM5", Regions = [new Esp32Region(0x1000, path)], Before = Esp32BeforeMode.NoReset, After = Esp32AfterMode.NoReset,
            Timeouts = Esp32RomClientTests.TestTimeouts, ConnectAttempts = 2,
        };
        Install(board, request);
        Assert.Equal(image, board.Flash.Contents.AsSpan(0x1000, image.Length).ToArray());
    }
}
