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
/// An independent ROM-loader client, the npm package esptool-js 0.7.0, drives the virtual ESP32 served on loopback
/// TCP (tests/peers/esp32-flash.js: esptool-js's own Transport over a Web Serial-shaped TCP port). ROM only: the
/// command log proves no stub was uploaded. If esptool-js cannot drive the simulator, the simulator is wrong.
/// </summary>
public sealed class EsptoolJsPeerTests : IDisposable
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(180);
    private readonly string workDirectory = Directory.CreateTempSubdirectory("esptool-js-peer-").FullName;

    public void Dispose() => Directory.Delete(workDirectory, recursive: true);

    [Theory]
    [InlineData(0, "ESP32-D0WDQ6 (revision 0)")]
    [InlineData(1, "ESP32-D0WDQ6 (revision 1)")]
    [InlineData(3, "ESP32-D0WDQ6-V3 (revision 3)")]
    public void Esptool_js_detects_an_esp32_with_the_seed_mac_from_the_rom_without_a_stub(int majorRevision, string description)
    {
        NodePeer.RequirePackage("esptool-js");
        VirtualEsp32Settings settings = VirtualEsp32Server.ServedSettings(timeScale: 0) with { MajorRevision = majorRevision };
        using var board = new VirtualEsp32Board(settings);
        using var server = new VirtualEsp32Server(board, SerialTcpServerMode.Raw);

        NodeRun run = NodePeer.Run("esp32-flash.js", ["--port", Port(server), "--detect-only"], NodeTimeout);

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement result = run.Result;
        Assert.True(result.GetProperty("ok").GetBoolean(), run.ToString());
        Assert.Equal("ESP32", result.GetProperty("chip").GetString());
        Assert.Equal(description, result.GetProperty("description").GetString());
        Assert.Equal("30:ae:a4:00:86:68", result.GetProperty("mac").GetString());
        Assert.Equal(40, result.GetProperty("crystalMHz").GetInt32());
        Assert.False(result.GetProperty("stub").GetBoolean());

        IReadOnlyList<LoggedEsp32Command> log = board.Commands;
        Assert.DoesNotContain(log, c => c.Opcode is Op.MEM_BEGIN or Op.MEM_DATA or Op.MEM_END);
        // The board loses the first SYNC after reset (auto-baud); esptool-js retried and then got the 8 replies.
        Assert.False(log[0].Replied);
        Assert.Equal(Op.SYNC, log[0].Opcode);
        // esptool-js asks GET_SECURITY_INFO first, takes the ROM's 01 05 as "unsupported" and falls back to the magic register.
        int security = log.ToList().FindIndex(c => c.Opcode == Op.GET_SECURITY_INFO);
        Assert.True(security > 0, string.Join(",", log.Select(c => c.Opcode.ToString("X2", CultureInfo.InvariantCulture))));
        Assert.Equal((1, Esp32RomError.InvalidMessage), (log[security].Status, log[security].Error));
        Assert.Contains(log.Skip(security), c => c.Opcode == Op.READ_REG);
    }

    [Fact]
    public void Esptool_js_writes_a_compressed_1_mib_image_that_lands_byte_exact_and_its_md5_matches()
    {
        NodePeer.RequirePackage("esptool-js");
        const int Address = 0x10000;
        byte[] image = VirtualEsp32Tests.FirmwareLike(1024 * 1024);
        string path = Path.Combine(workDirectory, "app.bin");
        File.WriteAllBytes(path, image);
        // Time runs (scaled): the UART and flash timing model is exercised by a client that did not write it.
        using var board = new VirtualEsp32Board(VirtualEsp32Server.ServedSettings(timeScale: 0.01));
        byte[] beyond = RandomNumberGenerator.GetBytes(0x1000);
        beyond.CopyTo(board.Flash.Contents, 0x200000);
        using var server = new VirtualEsp32Server(board, SerialTcpServerMode.Raw);

        NodeRun run = NodePeer.Run("esp32-flash.js", ["--port", Port(server), "--file", $"0x{Address:x}={path}"], NodeTimeout);

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonElement result = run.Result;
        Assert.True(result.GetProperty("ok").GetBoolean(), run.ToString());
        Assert.False(result.GetProperty("stub").GetBoolean());
        Assert.Equal(0x1640EFu, result.GetProperty("flashId").GetUInt32());
        Assert.Equal("4MB", result.GetProperty("flashSize").GetString());

        Assert.Equal(image, board.Flash.Contents.AsSpan(Address, image.Length).ToArray());
        Assert.All(board.Flash.Contents.AsSpan(0, Address).ToArray(), b => Assert.Equal(0xFF, b));
        Assert.Equal(beyond, board.Flash.Contents.AsSpan(0x200000, beyond.Length).ToArray());

        string md5 = Convert.ToHexStringLower(MD5.HashData(image));
        JsonElement file = Assert.Single(result.GetProperty("files").EnumerateArray().ToArray());
        Assert.Equal(image.Length, file.GetProperty("length").GetInt32());
        Assert.Equal(md5, file.GetProperty("md5").GetString());
        Assert.Equal(md5, file.GetProperty("flashMd5").GetString());

        IReadOnlyList<byte> opcodes = board.ReceivedOpcodes;
        Assert.DoesNotContain(opcodes, o => o is Op.MEM_BEGIN or Op.MEM_DATA or Op.MEM_END or Op.FLASH_DATA);
        Assert.Equal(1, opcodes.Count(o => o == Op.FLASH_DEFL_BEGIN));
        Assert.True(opcodes.Count(o => o == Op.FLASH_DEFL_DATA) >= 2);
        Assert.All(board.Commands, c => Assert.True(c.Opcode == Op.GET_SECURITY_INFO || c.Status == 0 || !c.Replied, $"opcode {c.Opcode:X2} failed {c.Status:X2}{c.Error:X2}"));
    }

    private static string Port(VirtualEsp32Server server) => server.Port.ToString(CultureInfo.InvariantCulture);
}
