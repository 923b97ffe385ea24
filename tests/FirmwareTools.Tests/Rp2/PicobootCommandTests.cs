using FirmwareTools.Protocols.Rp2;
using Xunit;

namespace FirmwareTools.Tests.Rp2;

public class PicobootCommandTests
{
    [Fact]
    public void Write_is_the_protocol_note_example_byte_for_byte()
    {
        // docs/protocols/rp2-uf2-picoboot.md §3.3: WRITE 4096 B at 0x10001000, token 7.
        byte[] expected = [0x0b, 0xd1, 0x1f, 0x43, 0x07, 0x00, 0x00, 0x00, 0x05, 0x08, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x10, 0x00, 0x10, 0x00, 0x10, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];

        Assert.Equal(expected, PicobootCommand.Write(0x10001000, 4096).Encode(7));
    }

    [Theory]
    [InlineData(PicobootCommandId.ExclusiveAccess, 1)]
    [InlineData(PicobootCommandId.Reboot, 12)]
    [InlineData(PicobootCommandId.FlashErase, 8)]
    [InlineData(PicobootCommandId.Read, 8)]
    [InlineData(PicobootCommandId.ExitXip, 0)]
    [InlineData(PicobootCommandId.Reboot2, 16)]
    [InlineData(PicobootCommandId.GetInfo, 16)]
    public void Every_command_carries_its_table_size_and_transfer_length(PicobootCommandId id, int size)
    {
        PicobootCommand command = id switch
        {
            PicobootCommandId.ExclusiveAccess => PicobootCommand.ExclusiveAccess(PicobootExclusiveMode.Exclusive),
            PicobootCommandId.Reboot => PicobootCommand.Reboot(0, 0x20042000, 500),
            PicobootCommandId.FlashErase => PicobootCommand.FlashErase(0x10000000, 4096),
            PicobootCommandId.Read => PicobootCommand.Read(0x10000000, 512),
            PicobootCommandId.ExitXip => PicobootCommand.ExitXip(),
            PicobootCommandId.Reboot2 => PicobootCommand.Reboot2(Rp2Reboot2Flags.FlashUpdate | Rp2Reboot2Flags.ToArm, 500, 0x10000000, 0),
            _ => PicobootCommand.GetInfo(PicobootInfoType.Sys, 1, 32),
        };

        byte[] packet = command.Encode(1);

        Assert.Equal((byte)id, packet[8]);
        Assert.Equal(size, packet[9]);
        uint transfer = BitConverter.ToUInt32(packet, 12);
        Assert.Equal(id switch { PicobootCommandId.Read => 512u, PicobootCommandId.GetInfo => 32u, _ => 0u }, transfer);
    }

    [Fact]
    public void Reboot_arguments_are_pc_sp_delay_as_picotool_sends_them_after_a_load()
    {
        byte[] packet = PicobootCommand.Reboot(0, 0x20042000, 500).Encode(3);

        Assert.Equal([0, 0, 0, 0, 0x00, 0x20, 0x04, 0x20, 0xF4, 0x01, 0, 0, 0, 0, 0, 0], packet.Skip(16).ToArray());
    }

    [Fact]
    public void Status_names_are_the_headers_names()
    {
        Assert.Equal("BAD_ALIGNMENT", PicobootNames.Status(PicobootStatusCode.BadAlignment));
        Assert.Equal("INTERLEAVED_WRITE", PicobootNames.Status(PicobootStatusCode.InterleavedWrite));
        Assert.Equal("UNSUPPORTED_MODIFICATION", PicobootNames.Status((PicobootStatusCode)17));
        Assert.Equal("status 18", PicobootNames.Status((PicobootStatusCode)18));
        Assert.Equal("FLASH_ERASE", PicobootNames.Command(PicobootCommandId.FlashErase));
    }

    [Fact]
    public void A_status_reply_is_token_code_command_in_progress()
    {
        var status = PicobootCommandStatus.Parse([7, 0, 0, 0, 5, 0, 0, 0, 0x03, 1, 0, 0, 0, 0, 0, 0]);

        Assert.Equal(7u, status.Token);
        Assert.Equal(PicobootStatusCode.BadAlignment, status.Code);
        Assert.Equal(PicobootCommandId.FlashErase, status.CommandId);
        Assert.True(status.InProgress);
    }
}
