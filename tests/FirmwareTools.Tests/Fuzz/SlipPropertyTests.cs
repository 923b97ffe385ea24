using CsCheck;
using FirmwareTools.Protocols.Esp32;
using Xunit;

namespace FirmwareTools.Tests.Fuzz;

/// <summary>SLIP framing (docs/protocols/esp32-rom-loader.md §1.1) over generated payloads rich in 0xC0 and 0xDB, in any slicing (fixed seeds).</summary>
public class SlipPropertyTests
{
    /// <summary>Payload bytes: a third delimiters, a third escapes, the rest anything.</summary>
    private static readonly Gen<byte[]> Payload = Gen.OneOf(Gen.Byte, Gen.Const(Slip.End), Gen.Const(Slip.Esc), Gen.Const(Slip.EscEnd), Gen.Const(Slip.EscEsc)).Array[1, 600];

    [Fact]
    public void Slip_encode_then_decode_is_the_identity_in_any_slicing()
    {
        var gen = Gen.Select(Payload.Array[1, 5], Gen.Int[1, 700], Gen.Bool);
        Deterministic.ForAll(gen, x =>
        {
            (byte[][] payloads, int slice, bool doubledDelimiters) = x;
            byte[] stream = payloads.SelectMany(p => doubledDelimiters ? new[] { Slip.End }.Concat(Slip.Encode(p)) : Slip.Encode(p)).ToArray();
            Assert.All(payloads.Select(Slip.Encode), frame => Assert.Equal(2, frame.Count(b => b == Slip.End)));

            var decoder = new SlipDecoder();
            for (int i = 0; i < stream.Length; i += slice)
            {
                decoder.Feed(stream, i, Math.Min(slice, stream.Length - i));
            }

            var decoded = new List<byte[]>();
            while (decoder.TryTake(out byte[] frame))
            {
                decoded.Add(frame);
            }

            Assert.Equal(payloads.Select(Convert.ToHexString), decoded.Select(Convert.ToHexString));
            Assert.Equal(0, decoder.BadFrames);
            Assert.Empty(decoder.TakeGarbage());
            Assert.False(decoder.InFrame);
        });
    }

    [Fact]
    public void Slip_bad_escape_drops_only_its_own_frame()
    {
        var gen = Gen.Select(Payload, Payload, Gen.Byte.Where(b => b != Slip.EscEnd && b != Slip.EscEsc && b != Slip.End));
        Deterministic.ForAll(gen, x =>
        {
            (byte[] before, byte[] after, byte bad) = x;
            byte[] broken = new[] { Slip.End, (byte)0x01, Slip.Esc, bad, (byte)0x02, Slip.End };
            byte[] stream = Slip.Encode(before).Concat(broken).Concat(Slip.Encode(after)).ToArray();
            var decoder = new SlipDecoder();
            decoder.Feed(stream, 0, stream.Length);

            Assert.True(decoder.TryTake(out byte[] first));
            Assert.Equal(before, first);
            Assert.True(decoder.TryTake(out byte[] second));
            Assert.Equal(after, second);
            Assert.False(decoder.TryTake(out _));
            Assert.Equal(1, decoder.BadFrames);
        });
    }
}
