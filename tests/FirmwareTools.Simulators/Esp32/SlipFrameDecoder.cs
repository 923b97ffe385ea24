namespace FirmwareTools.Simulators.Esp32;

/// <summary>
/// The ROM's side of SLIP (docs/protocols/esp32-rom-loader.md §1.1): bytes outside a frame are ignored, 0xC0 opens and closes frames, 0xDB 0xDC /
/// 0xDB 0xDD are unescaped. A frame with an invalid escape is dropped whole, as a receiver that cannot trust it would.
/// </summary>
internal sealed class SlipFrameDecoder
{
    private const byte End = 0xC0;
    private const byte Esc = 0xDB;
    private const byte EscEnd = 0xDC;
    private const byte EscEsc = 0xDD;

    private readonly List<byte> frame = new(0x4400);
    private bool inFrame;
    private bool escaping;
    private bool broken;

    /// <summary>Bytes of the current frame received so far (for faults that trigger mid-frame).</summary>
    public int PendingLength => inFrame ? frame.Count : 0;

    public void Reset()
    {
        frame.Clear();
        inFrame = false;
        escaping = false;
        broken = false;
    }

    /// <summary>Feeds one byte; returns a complete, non-empty frame when this byte ended one.</summary>
    public byte[]? Feed(byte b)
    {
        if (!inFrame)
        {
            if (b == End)
            {
                inFrame = true;
                frame.Clear();
                escaping = false;
                broken = false;
            }

            return null;
        }

        if (escaping)
        {
            escaping = false;
            switch (b)
            {
                case EscEnd:
                    frame.Add(End);
                    break;
                case EscEsc:
                    frame.Add(Esc);
                    break;
                default:
                    broken = true;
                    break;
            }

            return null;
        }

        if (b == Esc)
        {
            escaping = true;
            return null;
        }

        if (b != End)
        {
            frame.Add(b);
            return null;
        }

        // 0xC0 closes this frame; an empty frame (0xC0 0xC0) means the last delimiter really opened the next one.
        if (frame.Count == 0)
        {
            return null;
        }

        byte[]? result = broken ? null : frame.ToArray();
        frame.Clear();
        inFrame = false;
        broken = false;
        return result;
    }

    public static byte[] Encode(ReadOnlySpan<byte> packet)
    {
        var output = new List<byte>(packet.Length + 8) { End };
        foreach (byte b in packet)
        {
            switch (b)
            {
                case End:
                    output.Add(Esc);
                    output.Add(EscEnd);
                    break;
                case Esc:
                    output.Add(Esc);
                    output.Add(EscEsc);
                    break;
                default:
                    output.Add(b);
                    break;
            }
        }

        output.Add(End);
        return [.. output];
    }
}
