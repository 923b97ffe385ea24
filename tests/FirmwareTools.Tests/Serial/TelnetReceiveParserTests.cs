using FirmwareTools.Protocols.Serial;
using Xunit;

namespace FirmwareTools.Tests.Serial;

/// <summary>The Telnet receive half of rfc2217:// ports, fed bytes directly (no socket).</summary>
public class TelnetReceiveParserTests
{
    private readonly List<byte> data = new();
    private readonly List<(byte Verb, byte Option)> negotiations = new();
    private readonly List<(int DataBefore, byte[] Block)> blocks = new();

    private TelnetReceiveParser NewParser() => new(
        (buffer, count) => data.AddRange(buffer.Take(count)),
        (verb, option) => negotiations.Add((verb, option)),
        block => blocks.Add((data.Count, block)));

    [Fact]
    public void Data_is_unescaped_and_commands_are_taken_out_across_chunks()
    {
        TelnetReceiveParser parser = NewParser();
        byte[] stream = { (byte)'a', 0xFF, 0xFF, 0xFF, 0xFD, 44, (byte)'b', 0xFF, 0xF1, 0xFF, 0xFA, 44, 101, 0, 1, 0xC2, 0xFF, 0xFF, 0xFF, 0xF0, (byte)'c' };
        foreach (byte b in stream)
        {
            parser.Feed(new[] { b }, 1);
        }

        Assert.Equal("61FF6263", Convert.ToHexString(data.ToArray()));
        Assert.Equal(new[] { ((byte)0xFD, (byte)44) }, negotiations);
        (int before, byte[] block) = Assert.Single(blocks);
        Assert.Equal(3, before);
        Assert.Equal("2C650001C2FF", Convert.ToHexString(block));
    }

    [Fact]
    public void Subnegotiation_without_end_is_bounded_and_dropped_whole()
    {
        TelnetReceiveParser parser = NewParser();
        byte[] endless = new byte[] { 0xFF, 0xFA, 44, 101 }.Concat(Enumerable.Repeat((byte)7, 100_000)).Concat(new byte[] { 0xFF, 0xF0 }).ToArray();
        byte[] reply = { 0xFF, 0xFA, 44, 112, 1, 0xFF, 0xF0, (byte)'x' };

        parser.Feed(endless, endless.Length);
        parser.Feed(reply, reply.Length);

        Assert.Equal(1, parser.OversizedBlocks);
        (_, byte[] block) = Assert.Single(blocks);
        Assert.Equal(new byte[] { 44, 112, 1 }, block);
        Assert.Equal(new[] { (byte)'x' }, data);
    }
}
