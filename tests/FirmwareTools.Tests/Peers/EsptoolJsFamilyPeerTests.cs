using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;
using FirmwareTools.Tests.Esp32;
using Xunit;
using Op = FirmwareTools.Simulators.Esp32.Esp32RomOpcode;

namespace FirmwareTools.Tests.Peers;

/// <summary>
/// esptool-js 0.7.0 against the virtual ESP32-S2, S3, C3 and C6 in ROM mode (docs/protocols/esp32-family.md §7.2), as
/// EsptoolJsPeerTests does for the ESP32: it detects each chip by its own code and writes a compressed 1 MiB image
/// that lands byte-exact. Where tests/peers/esp32-flash.js works around one of esptool-js's ROM-mode flaws, the test
/// says so: SPI_ATTACH it never sends, the ROM's MD5 it hex-encodes twice, and the C6's FLASH_DEFL_BEGIN it sends with
/// 16 bytes. The simulator stays as strict as the ROM (20-byte BEGIN, SPI_ATTACH required).
/// </summary>
public sealed class EsptoolJsFamilyPeerTests : IDisposable
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(180);
    private readonly string workDirectory = Directory.CreateTempSubdirectory("esptool-js-family-").FullName;

    public void Dispose() => Directory.Delete(workDirectory, recursive: true);

    [Theory]
    [InlineData(VirtualEsp32ChipKind.Esp32S2, "ESP32-S2", "ESP32-S2 (revision v1.0)")]
    [InlineData(VirtualEsp32ChipKind.Esp32S3, "ESP32-S3", "ESP32-S3 (QFN56) (revision v0.2)")]
    [InlineData(VirtualEsp32ChipKind.Esp32C3, "ESP32-C3", "ESP32-C3 (QFN32) (revision v0.4)")]
    [InlineData(VirtualEsp32ChipKind.Esp32C6, "ESP32-C6", "ESP32-C6 (revision 1)")]
    public void Esptool_js_detects_each_virtual_chip_from_the_rom_without_a_stub(VirtualEsp32ChipKind chip, string name, string description)
    {
        NodePeer.RequirePackage("esptool-js");
        using var board = new VirtualEsp32Board(VirtualEsp32Settings.ForChip(chip, VirtualEsp32Server.ServedSettings(timeScale: 0)));
        using var server = new VirtualEsp32Server(board, SerialTcpServerMode.Raw);

        NodeRun run = NodePeer.Run("esp32-flash.js", ["--port", Port(server), "--detect-only"], NodeTimeout);

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement result = run.Result;
        Assert.True(result.GetProperty("ok").GetBoolean(), run.ToString());
        Assert.Equal(name, result.GetProperty("chip").GetString());
        // esptool-js's own description code (its C6 reads other bits than esptool v5 and prints "revision 1").
        Assert.Equal(description, result.GetProperty("description").GetString());
        Assert.Equal("60:55:f9:01:02:03", result.GetProperty("mac").GetString());
        Assert.Equal(40, result.GetProperty("crystalMHz").GetInt32());
        Assert.False(result.GetProperty("stub").GetBoolean());
        // 0.7.0 asks GET_SECURITY_INFO first (§7.2), and every virtual later chip answers it.
        IReadOnlyList<LoggedEsp32Command> log = board.Commands;
        Assert.Contains(log, c => c.Opcode == Op.GET_SECURITY_INFO && c.Status == 0);
        Assert.DoesNotContain(log, c => c.Opcode is Op.MEM_BEGIN or Op.MEM_DATA or Op.MEM_END);
    }

    [Theory]
    [InlineData(VirtualEsp32ChipKind.Esp32S2, false)]
    [InlineData(VirtualEsp32ChipKind.Esp32S3, false)]
    [InlineData(VirtualEsp32ChipKind.Esp32C3, false)]
    [InlineData(VirtualEsp32ChipKind.Esp32C6, true)]
    public void Esptool_js_writes_a_compressed_1_mib_image_to_each_virtual_chip_byte_exact(VirtualEsp32ChipKind chip, bool c6BeginPadded)
    {
        NodePeer.RequirePackage("esptool-js");
        const int Address = 0x10000;
        byte[] image = VirtualEsp32Tests.FirmwareLike(1024 * 1024);
        string path = Path.Combine(workDirectory, "app.bin");
        File.WriteAllBytes(path, image);
        using var board = new VirtualEsp32Board(VirtualEsp32Settings.ForChip(chip, VirtualEsp32Server.ServedSettings(timeScale: 0.01)));
        using var server = new VirtualEsp32Server(board, SerialTcpServerMode.Raw);

        NodeRun run = NodePeer.Run("esp32-flash.js", ["--port", Port(server), "--file", $"0x{Address:x}={path}"], NodeTimeout);

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement result = run.Result;
        Assert.True(result.GetProperty("ok").GetBoolean(), run.ToString());
        Assert.Equal(image, board.Flash.Contents.AsSpan(Address, image.Length).ToArray());
        Assert.All(board.Flash.Contents.AsSpan(0, Address).ToArray(), b => Assert.Equal(0xFF, b));
        string md5 = Convert.ToHexStringLower(MD5.HashData(image));
        JsonElement file = Assert.Single(result.GetProperty("files").EnumerateArray().ToArray());
        Assert.Equal(md5, file.GetProperty("flashMd5").GetString());

        // The script's workarounds, each for a flaw of §7.2: SPI_ATTACH in the ROM form (esptool-js never sends it), the
        // ROM's MD5 decoded (esptool-js hex-encodes its ASCII digits again), and on the C6 only the BEGIN's fifth word.
        string[] workarounds = result.GetProperty("workarounds").EnumerateArray().Select(w => w.GetString()!).ToArray();
        Assert.Contains("spi-attach-rom-form", workarounds);
        Assert.Contains("rom-md5-decoded", workarounds);
        Assert.Equal(c6BeginPadded, workarounds.Contains("c6-defl-begin-20-bytes"));

        // The board took only 20-byte BEGINs: it stays as strict as the ROM.
        LoggedEsp32Command begin = Assert.Single(board.Commands, c => c.Opcode == Op.FLASH_DEFL_BEGIN);
        Assert.Equal((20, (byte)0), (begin.DataLength, begin.Status));
        Assert.DoesNotContain(board.ReceivedOpcodes, o => o is Op.MEM_BEGIN or Op.MEM_DATA or Op.MEM_END or Op.FLASH_DATA);
    }

    [Fact]
    public void Without_the_scripts_padding_the_virtual_c6_refuses_esptool_js_16_byte_begin()
    {
        // The simulator's strictness is what makes the workaround necessary; with the [U] setting relaxed it is not.
        using var strict = new VirtualEsp32Board(VirtualEsp32Settings.ForChip(VirtualEsp32ChipKind.Esp32C6, VirtualEsp32Server.ServedSettings(0)));
        Assert.False(strict.Chip.AcceptsBeginLength(16, strict.Settings));
        Assert.True(strict.Chip.AcceptsBeginLength(16, strict.Settings with { Require20ByteBegin = false }));
    }

    private static string Port(VirtualEsp32Server server) => server.Port.ToString(CultureInfo.InvariantCulture);
}
