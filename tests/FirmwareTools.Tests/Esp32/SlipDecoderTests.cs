using FirmwareTools.Protocols.Esp32;
using Xunit;

namespace FirmwareTools.Tests.Esp32;

public class SlipDecoderTests
{
    [Fact]
    public void Round_trips_every_byte_value_fed_one_byte_at_a_time()
    {
        byte[] packet = Enumerable.Range(0, 256).Select(i => (byte)i).Concat(new byte[] { 0xC0, 0xDB, 0xC0 }).ToArray();
        byte[] wire = Slip.Encode(packet);
        var decoder = new SlipDecoder();
        foreach (byte b in wire)
        {
            decoder.Feed(b);
        }

        Assert.True(decoder.TryTake(out byte[] frame));
        Assert.Equal(packet, frame);
        Assert.False(decoder.TryTake(out _));
    }

    [Fact]
    public void Back_to_back_frames_and_empty_frames_are_split_and_ignored()
    {
        byte[] wire = [0xC0, 0xC0, 1, 2, 0xC0, 0xC0, 3, 0xC0];
        var decoder = new SlipDecoder();
        decoder.Feed(wire, 0, wire.Length);
        Assert.True(decoder.TryTake(out byte[] a));
        Assert.True(decoder.TryTake(out byte[] b));
        Assert.Equal(new byte[] { 1, 2 }, a);
        Assert.Equal(new byte[] { 3 }, b);
        Assert.False(decoder.TryTake(out _));
    }

    [Fact]
    public void Bytes_outside_frames_are_kept_as_garbage_for_diagnosis()
    {
        byte[] text = "rst:0x1 (POWERON_RESET),boot:0x13\r\n"u8.ToArray();
        var decoder = new SlipDecoder();
        decoder.Feed(text, 0, text.Length);
        decoder.Feed(Slip.Encode([9, 9]), 0, 4);
        Assert.True(decoder.TryTake(out byte[] frame));
        Assert.Equal(new byte[] { 9, 9 }, frame);
        Assert.Equal(text, decoder.TakeGarbage());
        Assert.Empty(decoder.TakeGarbage());
    }

    [Fact]
    public void An_invalid_escape_drops_only_its_own_frame()
    {
        byte[] wire = [0xC0, 1, 0xDB, 0x55, 2, 0xC0, 0xC0, 7, 0xC0];
        var decoder = new SlipDecoder();
        decoder.Feed(wire, 0, wire.Length);
        Assert.True(decoder.TryTake(out byte[] frame));
        Assert.Equal(new byte[] { 7 }, frame);
        Assert.Equal(1, decoder.BadFrames);
    }
}
