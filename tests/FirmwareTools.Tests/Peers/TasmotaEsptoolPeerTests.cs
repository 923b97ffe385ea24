using System.Globalization;
using System.Text.Json;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;
using FirmwareTools.Tests.Esp32;
using Xunit;
using Op = FirmwareTools.Simulators.Esp32.Esp32RomOpcode;

namespace FirmwareTools.Tests.Peers;

/// <summary>
/// The second ROM peer of docs/protocols/esp32-family.md §7.2, the npm package tasmota-webserial-esptool 7.3.7
/// (tests/peers/tasmota-flash.mjs). Its uncompressed path drives the later ROMs as they want with no help from the
/// script: SPI_ATTACH before FLASH_BEGIN, a 20-byte FLASH_BEGIN, padded 0x400 blocks; each virtual chip takes it and
/// the image lands byte-exact (it has no MD5 command, so the test compares the flash). Its ROM-mode FLASH_DEFL_BEGIN
/// carries 16 bytes on every chip, and the strict virtual ROM refuses that: the test shows it.
/// </summary>
public sealed class TasmotaEsptoolPeerTests : IDisposable
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(180);
    private readonly string workDirectory = Directory.CreateTempSubdirectory("tasmota-peer-").FullName;

    public void Dispose() => Directory.Delete(workDirectory, recursive: true);

    [Theory]
    [InlineData(VirtualEsp32ChipKind.Esp32S2, "ESP32-S2")]
    [InlineData(VirtualEsp32ChipKind.Esp32S3, "ESP32-S3")]
    [InlineData(VirtualEsp32ChipKind.Esp32C3, "ESP32-C3")]
    [InlineData(VirtualEsp32ChipKind.Esp32C6, "ESP32-C6")]
    public void Tasmota_esptool_writes_1_mib_uncompressed_to_each_virtual_chip_byte_exact_without_workarounds(VirtualEsp32ChipKind chip, string name)
    {
        NodePeer.RequirePackage("tasmota-webserial-esptool");
        const int Address = 0x10000;
        byte[] image = VirtualEsp32Tests.FirmwareLike(1024 * 1024);
        string path = Path.Combine(workDirectory, "app.bin");
        File.WriteAllBytes(path, image);
        using var board = new VirtualEsp32Board(VirtualEsp32Settings.ForChip(chip, VirtualEsp32Server.ServedSettings(timeScale: 0)));
        using var server = new VirtualEsp32Server(board, SerialTcpServerMode.Raw);

        NodeRun run = NodePeer.Run("tasmota-flash.mjs", ["--port", Port(server), "--file", $"0x{Address:x}={path}"], NodeTimeout);

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement result = run.Result;
        Assert.True(result.GetProperty("ok").GetBoolean(), run.ToString());
        Assert.Equal(name, result.GetProperty("chip").GetString());
        Assert.False(result.GetProperty("stub").GetBoolean());
        Assert.Equal(image, board.Flash.Contents.AsSpan(Address, image.Length).ToArray());
        Assert.All(board.Flash.Contents.AsSpan(0, Address).ToArray(), b => Assert.Equal(0xFF, b));

        IReadOnlyList<LoggedEsp32Command> log = board.Commands;
        int attach = log.ToList().FindIndex(c => c.Opcode == Op.SPI_ATTACH);
        int begin = log.ToList().FindIndex(c => c.Opcode == Op.FLASH_BEGIN);
        Assert.True(attach >= 0 && attach < begin, "SPI_ATTACH before FLASH_BEGIN");
        Assert.Equal((20, (byte)0), (log[begin].DataLength, log[begin].Status));
        Assert.Equal(1024, log.Count(c => c.Opcode == Op.FLASH_DATA && c.Status == 0));
        Assert.DoesNotContain(log, c => c.Opcode is Op.MEM_BEGIN or Op.MEM_DATA or Op.MEM_END or Op.FLASH_DEFL_BEGIN);
    }

    [Fact]
    public void Tasmota_esptools_16_byte_compressed_begin_is_refused_by_the_strict_virtual_s3()
    {
        NodePeer.RequirePackage("tasmota-webserial-esptool");
        string path = Path.Combine(workDirectory, "app.bin");
        File.WriteAllBytes(path, VirtualEsp32Tests.FirmwareLike(64 * 1024));
        using var board = new VirtualEsp32Board(VirtualEsp32Settings.ForChip(VirtualEsp32ChipKind.Esp32S3, VirtualEsp32Server.ServedSettings(timeScale: 0)));
        using var server = new VirtualEsp32Server(board, SerialTcpServerMode.Raw);
        byte[] before = board.Flash.Contents.ToArray();

        NodeRun run = NodePeer.Run("tasmota-flash.mjs", ["--port", Port(server), "--file", $"0x10000={path}", "--compress"], NodeTimeout);

        Assert.NotEqual(0, run.ExitCode);
        LoggedEsp32Command begin = Assert.Single(board.Commands, c => c.Opcode == Op.FLASH_DEFL_BEGIN);
        Assert.Equal((16, (byte)1, Esp32RomError.InvalidMessage), (begin.DataLength, begin.Status, begin.Error));
        Assert.Equal(before, board.Flash.Contents);
    }

    private static string Port(VirtualEsp32Server server) => server.Port.ToString(CultureInfo.InvariantCulture);
}
