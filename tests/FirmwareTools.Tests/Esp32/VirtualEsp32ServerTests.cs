using FirmwareTools.Protocols.Serial;
using FirmwareTools.Simulators.Esp32;
using FirmwareTools.Simulators.Serial;
using Xunit;
using Op = FirmwareTools.Simulators.Esp32.Esp32RomOpcode;

namespace FirmwareTools.Tests.Esp32;

/// <summary>
/// The virtual ESP32 served on loopback TCP (what serve-esp32 runs), reached through the module's own socket:// and
/// rfc2217:// backends: modem lines and baud changes cross RFC 2217, and the board persists between clients.
/// </summary>
public sealed class VirtualEsp32ServerTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(10);

    [Fact]
    public void Over_rfc2217_a_classic_reset_takes_a_micropython_board_into_the_loader_and_the_baud_switch_works()
    {
        VirtualEsp32Settings settings = VirtualEsp32Server.ServedSettings(timeScale: 0) with { StartInDownloadMode = false, ReplMode = true, FirstSyncLost = false };
        using var board = new VirtualEsp32Board(settings);
        using var server = new VirtualEsp32Server(board, SerialTcpServerMode.Rfc2217);
        using var rom = new RawRomLink(SerialPorts.Open(server.Url, new SerialPortSettings { Dtr = false, Rts = false }), board);

        rom.WriteRaw("\r"u8);
        Assert.EndsWith(">>> ", rom.ReadUntil(">>> ", Long), StringComparison.Ordinal);

        rom.Host.SetModemLines(false, true);
        rom.Host.SetModemLines(true, false);
        Assert.Contains("boot:0x3 (DOWNLOAD_BOOT", rom.ReadUntil("waiting for download", Long), StringComparison.Ordinal);
        rom.Host.SetModemLines(false, false);
        Assert.True(board.WaitForState(Esp32BoardState.RomDownload, Long));

        rom.Sync();
        Assert.Equal(0, rom.Expect(Op.CHANGE_BAUDRATE, RawRomLink.Words(460800, 0)).Status);
        rom.Host.BaudRate = 460800;
        Assert.Equal(0x00F01D83u, rom.Expect(Op.READ_REG, RawRomLink.Words(0x40001000)).Value);
        Assert.Equal(460800, board.BaudRate);
    }

    [Fact]
    public void Over_raw_tcp_each_client_finds_the_board_freshly_reset_with_the_flash_the_last_one_left()
    {
        using var board = new VirtualEsp32Board(VirtualEsp32Server.ServedSettings(timeScale: 0) with { FirstSyncLost = false });
        using var server = new VirtualEsp32Server(board, SerialTcpServerMode.Raw);
        byte[] block = new byte[0x400];
        new Random(3).NextBytes(block);

        using (var first = new RawRomLink(SerialPorts.Open(server.Url), board))
        {
            first.Sync();
            Assert.Equal(0, first.Expect(Op.SPI_ATTACH, new byte[8]).Status);
            Assert.Equal(0, first.Expect(Op.FLASH_BEGIN, RawRomLink.Words(0x400, 1, 0x400, 0x9000)).Status);
            Assert.Equal(0, first.Expect(Op.FLASH_DATA, RawRomLink.DataPayload(block, 0), RawRomLink.Checksum(block)).Status);
        }

        using var second = new RawRomLink(SerialPorts.Open(server.Url), board);
        // Fresh ROM session: commands before SYNC are ignored, and SPI_ATTACH is needed again.
        second.Send(Op.READ_REG, RawRomLink.Words(0x40001000));
        Assert.Null(second.ReadReply(TimeSpan.FromMilliseconds(300)));
        second.Sync();
        RawRomLink.Reply notAttached = second.Expect(Op.SPI_FLASH_MD5, RawRomLink.Words(0x9000, 0x400, 0, 0));
        Assert.Equal(1, notAttached.Status);
        Assert.Equal(0, second.Expect(Op.SPI_ATTACH, new byte[8]).Status);
        RawRomLink.Reply md5 = second.Expect(Op.SPI_FLASH_MD5, RawRomLink.Words(0x9000, 0x400, 0, 0));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(block)), System.Text.Encoding.ASCII.GetString(md5.Body));
        Assert.Equal(2, server.ClientsAccepted);
    }
}
