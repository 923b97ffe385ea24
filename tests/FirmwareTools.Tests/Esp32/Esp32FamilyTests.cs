using System.Buffers.Binary;
using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;
using FirmwareTools.TestImages;
using FirmwareTools.Tests.Common;
using Xunit;
using Op = FirmwareTools.Simulators.Esp32.Esp32RomOpcode;
using Esp32RomError = FirmwareTools.Protocols.Esp32.Esp32RomError;

namespace FirmwareTools.Tests.Esp32;

/// <summary>
/// The ESP32 family against the simulators' virtual chips (docs/protocols/esp32-family.md §6): detection in the order
/// of §2.7, a MicroPython merged .bin installed at each chip's bootloader offset with 20-byte BEGINs, every wrong-chip
/// pair and a too-new revision refused before anything is written, the ESP8266 and secure download mode refused.
/// TimeScale 0: nothing here depends on speed.
/// </summary>
public sealed class Esp32FamilyTests : IDisposable
{
    public static readonly TheoryData<VirtualEsp32ChipKind> Chips =
        [VirtualEsp32ChipKind.Esp32, VirtualEsp32ChipKind.Esp32S2, VirtualEsp32ChipKind.Esp32S3, VirtualEsp32ChipKind.Esp32C3, VirtualEsp32ChipKind.Esp32C6];

    private readonly string dir = Directory.CreateTempSubdirectory("esp32-family-").FullName;
    private readonly List<VirtualSerialLink> links = [];

    public void Dispose()
    {
        foreach (VirtualSerialLink link in links)
        {
            link.Host.Dispose();
        }

        Directory.Delete(dir, true);
    }

    /// <summary>The image chip id a virtual chip's firmware carries.</summary>
    public static int ChipIdOf(VirtualEsp32ChipKind chip) => chip switch
    {
        VirtualEsp32ChipKind.Esp32 => 0,
        VirtualEsp32ChipKind.Esp32S2 => 2,
        VirtualEsp32ChipKind.Esp32S3 => 9,
        VirtualEsp32ChipKind.Esp32C3 => 5,
        VirtualEsp32ChipKind.Esp32C6 => 13,
        _ => throw new ArgumentOutOfRangeException(nameof(chip)),
    };

    private static VirtualEsp32Board Board(VirtualEsp32ChipKind chip, Action<VirtualEsp32Settings>? configure = null)
    {
        VirtualEsp32Settings settings = VirtualEsp32Settings.ForChip(chip, new VirtualEsp32Settings { TimeScale = 0, StartInDownloadMode = true });
        configure?.Invoke(settings);
        return new VirtualEsp32Board(settings);
    }

    private ISerialPort Open(VirtualEsp32Board board)
    {
        var link = new VirtualSerialLink("COM7");
        links.Add(link);
        board.Attach(link);
        return link.Host;
    }

    private string File(string name, byte[] bytes)
    {
        string path = Path.Combine(dir, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A MicroPython-shaped merged .bin for <paramref name="chipId"/>: an image (the bootloader) and 96 KiB after it.</summary>
    private string MergedBin(int chipId, string name = "firmware.bin") =>
        File(name, Esp32TestImage.FirmwareLike(chipId: chipId, segmentLengths: [0x1800, 0x1400], seed: 20 + chipId, trailer: Enumerable.Range(0, 96 * 1024).Select(i => (byte)(i * 13 % 251)).ToArray()));

    private Esp32InstallRequest PathRequest(string path) => new()
    {
        Port = "COM7",
        Regions = [Esp32Installer.RegionForFirmware(path)],
        Before = Esp32BeforeMode.NoReset,
        After = Esp32AfterMode.NoReset,
        Timeouts = Esp32RomClientTests.TestTimeouts,
        ConnectAttempts = 2,
    };

    private Esp32InstallResult Install(VirtualEsp32Board board, Esp32InstallRequest request, List<string>? log = null) =>
        Esp32Installer.Install(Esp32Installer.Prepare(request), (_, _) => Open(board), null, (level, message) => log?.Add($"{level}: {message}"), CancellationToken.None);

    private Esp32RomClient Connected(VirtualEsp32Board board)
    {
        var client = new Esp32RomClient(Open(board), Esp32RomClientTests.TestTimeouts) { ConnectAttempts = 2 };
        client.Connect(Esp32BeforeMode.NoReset);
        return client;
    }

    [Theory]
    [InlineData(VirtualEsp32ChipKind.Esp32, "ESP32", "ESP32-D0WDQ6 (revision v0.0)", "30:ae:a4:00:86:68", 0)]
    [InlineData(VirtualEsp32ChipKind.Esp32S2, "ESP32-S2", "ESP32-S2 (revision v1.0)", "60:55:f9:01:02:03", 0)]
    [InlineData(VirtualEsp32ChipKind.Esp32S3, "ESP32-S3", "ESP32-S3 (QFN56) (revision v0.2)", "60:55:f9:01:02:03", 1)]
    [InlineData(VirtualEsp32ChipKind.Esp32C3, "ESP32-C3", "ESP32-C3 (QFN32) (revision v0.4)", "60:55:f9:01:02:03", 1)]
    [InlineData(VirtualEsp32ChipKind.Esp32C6, "ESP32-C6", "ESP32-C6 (QFN40) (revision v0.1)", "60:55:f9:01:02:03", 1)]
    public void Each_virtual_chip_is_detected_by_magic_then_chip_id(VirtualEsp32ChipKind kind, string name, string description, string mac, int securityInfoAsked)
    {
        using VirtualEsp32Board board = Board(kind);
        Esp32RomClient client = Connected(board);

        Esp32ChipInfo info = client.DetectChip();

        Assert.Equal(name, client.Target?.Name);
        Assert.Equal(name, info.Chip);
        Assert.Equal(description, info.Description);
        Assert.Equal(mac, info.Mac);
        // §2.7: the magic is read first; the ESP32 ROM is never sent GET_SECURITY_INFO, nor the S2 (known by its magic).
        IReadOnlyList<byte> opcodes = board.ReceivedOpcodes;
        Assert.Equal(Op.READ_REG, opcodes.SkipWhile(o => o == Op.SYNC).First());
        Assert.Equal(securityInfoAsked, opcodes.Count(o => o == Op.GET_SECURITY_INFO));
        Assert.All(board.Commands.Where(c => c.Opcode != Op.SYNC), c => Assert.Equal(0, c.Status));
    }

    [Theory]
    [InlineData(0x6921506Fu)]
    [InlineData(0x1B31506Fu)]
    [InlineData(0x4881606Fu)]
    [InlineData(0x4361606Fu)]
    [InlineData(0x12345678u)]
    public void A_c3_is_known_by_its_chip_id_whatever_its_magic(uint magic)
    {
        // §2.1 and §2.7: one magic per ECO, and new silicon brings new ones; the chip id decides.
        using VirtualEsp32Board board = Board(VirtualEsp32ChipKind.Esp32C3, s => s.C3MagicValue = magic);
        Esp32RomClient client = Connected(board);
        Assert.Equal("ESP32-C3 (QFN32) (revision v0.4)", client.DetectChip().Description);
        Assert.Same(Esp32C3Target.Instance, client.Target);
    }

    [Theory]
    [MemberData(nameof(Chips))]
    public void A_micropython_bin_is_installed_at_its_chips_bootloader_offset_with_the_chips_begin(VirtualEsp32ChipKind kind)
    {
        int chipId = ChipIdOf(kind);
        string bin = MergedBin(chipId);
        using VirtualEsp32Board board = Board(kind);
        Esp32InstallRequest request = PathRequest(bin);
        uint home = kind is VirtualEsp32ChipKind.Esp32 or VirtualEsp32ChipKind.Esp32S2 ? 0x1000u : 0x0u;
        Assert.Equal(home, request.Regions[0].Offset);

        Esp32InstallResult result = Install(board, request);

        byte[] bytes = System.IO.File.ReadAllBytes(bin);
        Assert.Equal(bytes, board.Flash.Contents.AsSpan((int)home, bytes.Length).ToArray());
        Assert.All(board.Flash.Contents.AsSpan(0, (int)home).ToArray(), b => Assert.Equal(0xFF, b));
        Esp32RegionResult region = Assert.Single(result.Regions);
        Assert.True(region.Verified);
        Assert.Equal(home, region.Offset);
        // §1: 20-byte FLASH_DEFL_BEGIN on the later chips, 16 on the ESP32; the board took it either way.
        LoggedEsp32Command begin = Assert.Single(board.Commands, c => c.Opcode == Op.FLASH_DEFL_BEGIN);
        Assert.Equal(kind == VirtualEsp32ChipKind.Esp32 ? 16 : 20, begin.DataLength);
        Assert.Equal(0, begin.Status);
    }

    public static TheoryData<VirtualEsp32ChipKind, VirtualEsp32ChipKind> MismatchPairs()
    {
        var data = new TheoryData<VirtualEsp32ChipKind, VirtualEsp32ChipKind>();
        foreach (VirtualEsp32ChipKind image in Chips)
        {
            foreach (VirtualEsp32ChipKind board in Chips)
            {
                if (image != board)
                {
                    data.Add(image, board);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MismatchPairs))]
    public void Firmware_for_another_chip_is_refused_before_anything_is_written(VirtualEsp32ChipKind imageChip, VirtualEsp32ChipKind boardChip)
    {
        string bin = MergedBin(ChipIdOf(imageChip));
        using VirtualEsp32Board board = Board(boardChip);
        byte[] before = board.Flash.Contents.ToArray();

        FirmwareError e = Catalogued.Throws("Esp32ChipMismatch", () => Install(board, PathRequest(bin)));

        string imageName = Esp32Chips.ChipFromImageId(ChipIdOf(imageChip))!;
        string boardName = board.Chip.Name;
        Assert.Contains($"is firmware for {imageName}, but the board on COM7 is an {boardName}", e.Message);
        Assert.Contains($"Download the firmware built for {boardName} (for MicroPython: {(boardName == "ESP32" ? "ESP32_GENERIC" : "ESP32_GENERIC_" + boardName[6..])})", e.RecommendedAction);
        Assert.Equal(before, board.Flash.Contents);
        Assert.DoesNotContain(board.ReceivedOpcodes, o => o is Op.FLASH_BEGIN or Op.FLASH_DEFL_BEGIN or Op.FLASH_DATA or Op.FLASH_DEFL_DATA);
    }

    [Fact]
    public void Force_writes_firmware_for_another_chip_with_a_warning()
    {
        // The ESP32 .bin goes to 0x1000 (its own chip's offset); on the S3 only -Force lets it through, and says so.
        string bin = MergedBin(0);
        using VirtualEsp32Board board = Board(VirtualEsp32ChipKind.Esp32S3);
        var log = new List<string>();

        Esp32InstallResult result = Install(board, PathRequest(bin) with { Force = true }, log);

        Assert.True(Assert.Single(result.Regions).Verified);
        Assert.Contains(log, l => l.Contains("is built for ESP32; writing it to the ESP32-S3 because of -Force", StringComparison.Ordinal));
        byte[] bytes = System.IO.File.ReadAllBytes(bin);
        Assert.Equal(bytes, board.Flash.Contents.AsSpan(0x1000, bytes.Length).ToArray());
    }

    [Fact]
    public void An_image_built_for_a_higher_revision_is_refused_before_anything_is_written()
    {
        // min_rev_full v1.0 (bytes 15-16), no maximum: the virtual S3 is v0.2.
        byte[] image = Esp32TestImage.FirmwareLike(chipId: 9, hashAppended: false, trailer: new byte[4096]);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(15), 100);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(17), 0xFFFF);
        string bin = File("s3-v1.bin", image);
        using VirtualEsp32Board board = Board(VirtualEsp32ChipKind.Esp32S3);

        var e = Assert.Throws<Esp32ImageException>(() => Install(board, PathRequest(bin)));

        Assert.Contains("needs chip revision 1.0 or later, and the board's chip is ESP32-S3 (QFN56) (revision v0.2)", e.Message);
        Assert.DoesNotContain(board.ReceivedOpcodes, o => o is Op.FLASH_DEFL_BEGIN or Op.FLASH_BEGIN);
    }

    [Theory]
    [InlineData(4, true)]
    [InlineData(5, false)]
    public void A_c3_images_legacy_min_rev_is_compared_with_the_minor_revision(byte legacyMinRev, bool accepted)
    {
        // §2.3: no full range (max_rev_full 0) and legacy byte 14 = 5 refuses a v0.4 C3, though its major revision is 0.
        byte[] image = Esp32TestImage.FirmwareLike(chipId: 5, hashAppended: false, trailer: new byte[4096]);
        image[14] = legacyMinRev;
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(15), 0);
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(17), 0);
        string bin = File("c3.bin", image);
        using VirtualEsp32Board board = Board(VirtualEsp32ChipKind.Esp32C3);

        if (accepted)
        {
            Assert.True(Assert.Single(Install(board, PathRequest(bin)).Regions).Verified);
        }
        else
        {
            Assert.Contains("needs chip revision", Assert.Throws<Esp32ImageException>(() => Install(board, PathRequest(bin))).Message);
        }
    }

    [Fact]
    public void An_esp8266_is_refused_with_what_was_found_why_and_what_to_do_and_left_untouched()
    {
        string bin = MergedBin(0);
        using VirtualEsp32Board board = Board(VirtualEsp32ChipKind.Esp8266);
        Esp32RomClient client = Connected(board);
        Esp32ChipInfo info = client.DetectChip();
        Assert.Equal("ESP8266", info.Chip);
        Assert.Null(client.Target);

        var e = Catalogued.Throws("Esp32ChipNotSupported", () => Install(board, PathRequest(bin)));

        Assert.Equal("Esp32ChipNotSupported", e.ErrorId);
        Assert.StartsWith("ESP8266 ROM bootloader detected on COM7", e.Message);
        Assert.Contains("the ESP8266 ROM cannot verify (MD5), compress or change speed", e.Message);
        Assert.Contains("esptool or mpflash", e.RecommendedAction);
        Assert.Contains("ESP8266_GENERIC goes at 0x0", e.RecommendedAction);
        Assert.DoesNotContain(board.ReceivedOpcodes, o => o is Op.FLASH_BEGIN or Op.FLASH_DEFL_BEGIN or Op.GET_SECURITY_INFO or Op.SPI_ATTACH);
    }

    [Theory]
    [InlineData(VirtualEsp32ChipKind.Esp32S3, "ESP32-S3")]
    [InlineData(VirtualEsp32ChipKind.Esp32S2, "ESP32-S2")]
    public void A_chip_in_secure_download_mode_is_refused_by_name(VirtualEsp32ChipKind kind, string name)
    {
        // §2.7 step 4: READ_REG refused; GET_SECURITY_INFO's length (12 on the S2) or chip id names the chip.
        using VirtualEsp32Board board = Board(kind, s => s.SecureDownloadMode = true);
        Esp32RomClient client = Connected(board);
        FirmwareError e = Catalogued.Throws("Esp32SecureDownloadMode", () => client.DetectChip());
        Assert.StartsWith($"The {name} on COM7 is in secure download mode", e.Message);
    }

    [Fact]
    public void A_20_byte_begin_is_what_the_later_roms_take_and_the_esp32_refuses()
    {
        using VirtualEsp32Board s3 = Board(VirtualEsp32ChipKind.Esp32S3);
        Esp32RomClient client = Connected(s3);
        client.DetectChip();
        client.AttachSpiFlash();
        var sixteen = new Esp32CommandRequest(Esp32Command.FlashBegin, Esp32Packet.Words(0x1000, 0, 0x400, 0x100000), TimeSpan.FromSeconds(2));
        Assert.Equal((byte)Esp32RomError.InvalidMessageFormat, Assert.Throws<Esp32RomErrorException>(() => client.Execute(sixteen)).Code);
        client.EraseRegion(0x100000, 0x1000);
        Assert.Equal(20, s3.Commands.Last(c => c.Opcode == Op.FLASH_BEGIN).DataLength);
    }

    [Fact]
    public void Leaving_an_s3_clears_force_download_boot_so_the_reset_starts_the_firmware()
    {
        // docs/protocols/esp32-family.md §2.6: with FORCE_DOWNLOAD_BOOT set (machine.bootloader() sets it), every reset
        // lands in the loader again; the client clears it before its hard reset, so the board starts its application.
        using VirtualEsp32Board board = Board(VirtualEsp32ChipKind.Esp32S3);
        Esp32RomClient client = Connected(board);
        client.DetectChip();
        client.WriteRegister(0x6000812C, 1);
        Assert.True(board.ForceDownloadBootSet);
        board.PressReset();
        Assert.True(board.WaitForState(Esp32BoardState.RomDownload, TimeSpan.FromSeconds(10)), "the set bit keeps a reset in the loader");
        client.Connect(Esp32BeforeMode.NoReset);
        board.ClearCommandLog();

        client.Reboot();

        Assert.True(board.WaitForState(Esp32BoardState.RunApp, TimeSpan.FromSeconds(10)), "the hard reset started the firmware");
        Assert.False(board.ForceDownloadBootSet);
        Assert.Equal(Op.WRITE_REG, Assert.Single(board.ReceivedOpcodes));
    }

    [Fact]
    public void A_power_cycle_clears_force_download_boot_and_an_esp32_has_none()
    {
        using VirtualEsp32Board s3 = Board(VirtualEsp32ChipKind.Esp32S3);
        Esp32RomClient client = Connected(s3);
        client.DetectChip();
        client.WriteRegister(0x6000812C, 1);
        s3.PowerCycle();
        Assert.False(s3.ForceDownloadBootSet);
        using VirtualEsp32Board esp32 = Board(VirtualEsp32ChipKind.Esp32);
        Assert.False(esp32.ForceDownloadBootSet);
    }

    [Fact]
    public void A_c6_bin_asked_for_80m_flash_gets_the_c6s_header_code_0x0_with_its_sha_recomputed()
    {
        // docs/protocols/esp32-family.md §4.1: the C6 ROM reads 80m as 0x0; the other chips take 0xF.
        // Built with 0xF (80m as the other chips write it) in the low nibble, which the C6 ROM would misread.
        byte[] segment = Enumerable.Range(0, 0x2000).Select(i => (byte)(i * 7)).ToArray();
        string bin = File("c6.bin", [.. Esp32TestImage.Build(new[] { (0x4086C000u, segment) }, mode: 0x02, sizeFrequency: 0x2F, chipId: 13), .. new byte[0x3000]]);
        using VirtualEsp32Board board = Board(VirtualEsp32ChipKind.Esp32C6);
        Esp32InstallRequest request = PathRequest(bin) with { FlashParameters = Esp32FlashParameters.Parse("keep", "80m", "keep") };

        Esp32InstallResult result = Install(board, request);

        Assert.True(Assert.Single(result.Regions).Verified);
        Assert.Equal(0x20, board.Flash.Contents[3]);
        byte[] original = System.IO.File.ReadAllBytes(bin);
        Assert.Equal(0x2F, original[3]);
        Esp32Image written = Esp32Image.Read(new MemoryStream(board.Flash.Contents, 0, original.Length), "flash");
        Assert.Equal(13, written.ChipId);
    }
}
