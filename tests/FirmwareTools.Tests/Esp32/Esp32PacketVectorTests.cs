using FirmwareTools.Protocols.Esp32;
using Xunit;

namespace FirmwareTools.Tests.Esp32;

/// <summary>The byte vectors of docs/protocols/esp32-rom-loader.md §1.8, byte for byte.</summary>
public class Esp32PacketVectorTests
{
    internal static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty));

    [Fact]
    public void Sync_request_is_46_bytes_as_in_the_protocol_notes()
    {
        byte[] frame = Esp32Packet.Frame(Esp32Command.Sync, Esp32Packet.SyncPayload());
        byte[] expected = Hex("c0 00 08 24 00 00 00 00 00 07 07 12 20" + string.Concat(Enumerable.Repeat("55", 32)) + "c0");
        Assert.Equal(46, frame.Length);
        Assert.Equal(expected, frame);
    }

    [Fact]
    public void Read_reg_of_the_magic_register()
    {
        Assert.Equal(Hex("c0 00 0a 04 00 00 00 00 00 00 10 00 40 c0"), Esp32Packet.Frame(Esp32Command.ReadReg, Esp32Packet.Words(0x40001000)));
    }

    [Fact]
    public void Mem_data_escapes_c0_and_checksums_only_the_data()
    {
        byte[] data = Hex("08 c0 fe 3f");
        byte checksum = Esp32Packet.Checksum(data, 0, data.Length);
        Assert.Equal(0xE6, checksum);
        byte[] frame = Esp32Packet.Frame(Esp32Command.MemData, Esp32Packet.DataPayload(data, 0, data.Length, 0), checksum);
        Assert.Equal(Hex("c0 00 07 14 00 e6 00 00 00 04 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 08 db dc fe 3f c0"), frame);
    }

    [Fact]
    public void Spi_attach_rom_form_has_an_8_byte_payload()
    {
        Assert.Equal(Hex("c0 00 0d 08 00 00 00 00 00 00 00 00 00 00 00 00 00 c0"), Esp32Packet.Frame(Esp32Command.SpiAttach, Esp32Packet.Words(0, 0)));
    }

    [Fact]
    public void Spi_set_params_for_4_MiB()
    {
        byte[] expected = Hex("c0 00 0b 18 00 00 00 00 00" + "00000000 00004000 00000100 00100000 00010000 ffff0000" + "c0");
        Assert.Equal(expected, Esp32Packet.Frame(Esp32Command.SpiSetParams, Esp32Packet.Words(0, 4 * 1024 * 1024, 0x10000, 0x1000, 0x100, 0xFFFF)));
    }

    [Fact]
    public void Change_baudrate_vector()
    {
        // The §1.8 vector is the legacy-stub form (second word = current baud); the encoding is what is checked here.
        Assert.Equal(Hex("c0 00 0f 08 00 00 00 00 00 00 10 0e 00 00 c2 01 00 c0"), Esp32Packet.Frame(Esp32Command.ChangeBaudRate, Esp32Packet.Words(921600, 115200)));
    }

    [Fact]
    public void Esp32_rom_read_reg_reply_parses_value_and_four_status_bytes()
    {
        var decoder = new SlipDecoder();
        byte[] wire = Hex("c0 01 0a 04 00 83 1d f0 00 00 00 00 00 c0");
        decoder.Feed(wire, 0, wire.Length);
        Assert.True(decoder.TryTake(out byte[] frame));
        Assert.True(Esp32Response.TryParse(frame, out Esp32Response? reply));
        Assert.True(reply!.IsResponse);
        Assert.Equal((byte)Esp32Command.ReadReg, reply.Opcode);
        Assert.Equal(0x00F01D83u, reply.Value);
        Assert.Equal(4, reply.Data.Length);
        Assert.Equal(((byte)0, (byte)0), reply.StatusFor(0));
    }

    [Fact]
    public void Esp32_rom_sync_reply_and_esp8266_two_byte_status_both_parse()
    {
        foreach (string hex in new[] { "c0 01 08 04 00 07 07 12 20 00 00 00 00 c0", "c0 01 08 02 00 07 07 12 20 00 00 c0" })
        {
            var decoder = new SlipDecoder();
            byte[] wire = Hex(hex);
            decoder.Feed(wire, 0, wire.Length);
            Assert.True(decoder.TryTake(out byte[] frame));
            Assert.True(Esp32Response.TryParse(frame, out Esp32Response? reply));
            Assert.Equal((byte)Esp32Command.Sync, reply!.Opcode);
            Assert.Equal(0x20120707u, reply.Value);
            Assert.Equal((byte)0, reply.StatusFor(0).Status);
        }
    }

    [Fact]
    public void Stub_greeting_decodes_to_OHAI()
    {
        var decoder = new SlipDecoder();
        byte[] wire = Hex("c0 4f 48 41 49 c0");
        decoder.Feed(wire, 0, wire.Length);
        Assert.True(decoder.TryTake(out byte[] frame));
        Assert.Equal("OHAI"u8.ToArray(), frame);
    }
}
