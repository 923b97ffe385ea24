using System.Text;
using FirmwareTools.Simulators.Esp32;

namespace FirmwareTools.Simulators.Lab;

/// <summary>
/// MicroPython as the lab's ESP32 runs it from flash, on the board's own UART (docs/protocols/board-update.md §6's REPL table):
/// the friendly prompt, Ctrl-C, the raw REPL (Ctrl-A), code and Ctrl-D answered with <c>OK</c>, output, <c>\x04</c>, error,
/// <c>\x04&gt;</c>; raw-paste is refused with <c>R\x00</c> (acceptable, §6); Ctrl-B back to the friendly REPL. It answers from
/// the flash image the way <see cref="LabRepl"/> does; it has no <c>machine.bootloader</c> (the original ESP32, §3.3; the C3's is not used: the USJ reset takes it to the ROM, §3.5).
/// </summary>
public sealed class LabEsp32Repl(Func<LabImageFacts?> facts, string uniqueIdHex, LabBoardKind kind = LabBoardKind.Esp32) : IVirtualEsp32Application
{
    private readonly List<byte> line = [];
    private bool raw;
    private int pasteRequest;

    public string Started()
    {
        raw = false;
        line.Clear();
        return facts() is LabImageFacts f ? f.Banner + ">>> " : string.Empty;
    }

    public byte[] Receive(ReadOnlySpan<byte> received)
    {
        LabImageFacts? f = facts();
        if (f is null)
        {
            return [];
        }

        var reply = new StringBuilder();
        foreach (byte b in received)
        {
            if (raw)
            {
                RawByte(b, f, reply);
            }
            else
            {
                FriendlyByte(b, reply);
            }
        }

        return Encoding.UTF8.GetBytes(reply.ToString());
    }

    private void FriendlyByte(byte b, StringBuilder reply)
    {
        switch (b)
        {
            case 0x01:
                raw = true;
                line.Clear();
                reply.Append("raw REPL; CTRL-B to exit\r\n>");
                break;
            case 0x03:
                line.Clear();
                reply.Append("\r\n>>> ");
                break;
            case (byte)'\r':
                line.Clear();
                reply.Append("\r\n>>> ");
                break;
            default:
                reply.Append((char)b);
                break;
        }
    }

    private void RawByte(byte b, LabImageFacts f, StringBuilder reply)
    {
        if (pasteRequest == 1)
        {
            pasteRequest = b == (byte)'A' ? 2 : 0;
            return;
        }

        if (pasteRequest == 2)
        {
            pasteRequest = 0;
            if (b == 0x01)
            {
                reply.Append("R\0");
                return;
            }
        }

        switch (b)
        {
            case 0x01:
                line.Clear();
                reply.Append("raw REPL; CTRL-B to exit\r\n>");
                return;
            case 0x02:
                raw = false;
                reply.Append("\r\n").Append(f.Banner).Append(">>> ");
                return;
            case 0x03:
                line.Clear();
                return;
            case 0x04:
                string code = Encoding.UTF8.GetString(line.ToArray());
                line.Clear();
                (string output, string error) = code.Contains(LabRepl.BootloaderCall, StringComparison.Ordinal)
                    ? (string.Empty, LabRepl.NoBootloaderError)
                    : LabRepl.Answer(code, f, "esp32", uniqueIdHex, LabFirmware.BoardId(kind));
                reply.Append("OK").Append(output.Replace("\n", "\r\n", StringComparison.Ordinal)).Append('\x04')
                    .Append(error.Replace("\n", "\r\n", StringComparison.Ordinal)).Append("\x04>");
                return;
            case 0x05 when line.Count == 0:
                pasteRequest = 1;
                return;
        }

        line.Add(b);
    }
}
