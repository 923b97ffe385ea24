using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Esp32;

namespace FirmwareTools.Fuzz.Targets;

/// <summary>
/// What an ESP32's ROM loader could send on the serial line: the SLIP decoder and the response parser alone (every
/// frame re-encodes to itself), then Esp32RomClient over a port that says the input and then times out at once, for a
/// fixed session (sync, read_reg, chip detection, flash id and size, baud change, deflated and plain writes, MD5,
/// erase, reboot). Timeouts are a millisecond: a reply that is not in the input is lost, not waited for.
/// </summary>
public sealed class SlipReplyTarget : IFuzzTarget
{
    private static readonly Esp32Timeouts Instant = new()
    {
        Default = TimeSpan.FromMilliseconds(1),
        Sync = TimeSpan.FromMilliseconds(1),
        SyncDrain = TimeSpan.FromMilliseconds(1),
        EraseRegionPerMegabyte = TimeSpan.FromMilliseconds(1),
        EraseWritePerMegabyte = TimeSpan.FromMilliseconds(1),
        Md5PerMegabyte = TimeSpan.FromMilliseconds(1),
        Maximum = TimeSpan.FromMilliseconds(1),
        BaudCheck = TimeSpan.FromMilliseconds(1),
        BootLog = TimeSpan.FromMilliseconds(1),
    };

    private static readonly byte[] Firmware = Enumerable.Range(0, 3000).Select(i => (byte)(i * 7 % 251)).ToArray();

    private static readonly Action<Esp32RomClient>[] Session =
    {
        c => c.TrySync(),
        c => c.ReadRegister(0x60000078),
        c => BrokenPromiseException.Check(c.DetectChip().Chip.Length > 0, "a detected chip has a name"),
        c => c.AttachSpiFlash(),
        c => BrokenPromiseException.Check(c.DetectFlashSize() is > 0 and <= 1L << 32, "a flash size is positive and addressable"),
        c => c.SetFlashParameters(4L * 1024 * 1024),
        c => BrokenPromiseException.Check(c.ChangeBaudRate(921600) is 921600 or 115200, "the link runs at the new or the old rate"),
        c => BrokenPromiseException.Check(c.WriteDeflated(0x10000, Firmware.Length, () => new MemoryStream(Firmware, writable: false)) > 0, "a deflated write sends bytes"),
        c => CheckMd5(c.FlashMd5(0x1000, Firmware.Length)),
        c => c.EraseRegion(0x20000, 0x2000),
        c => c.Reboot(),
    };

    public string Name => "slip-reply";

    public string Description => "SlipDecoder, Esp32Response.TryParse and Esp32RomClient's reply matching over a serial line saying the input";

    public void Run(byte[] input)
    {
        var decoder = new SlipDecoder();
        decoder.Feed(input, 0, input.Length);
        BrokenPromiseException.Check(decoder.TakeGarbage().Length <= SlipDecoder.MaxGarbage, "out-of-frame bytes are bounded");
        while (decoder.TryTake(out byte[] frame))
        {
            BrokenPromiseException.Check(frame.Length is > 0 and <= SlipDecoder.MaxFrame, "a frame is 1..MaxFrame bytes");
            var again = new SlipDecoder();
            byte[] encoded = Slip.Encode(frame);
            again.Feed(encoded, 0, encoded.Length);
            BrokenPromiseException.Check(again.TryTake(out byte[] back) && back.AsSpan().SequenceEqual(frame) && again.FramesAvailable == 0 && again.BadFrames == 0,
                "a frame re-encodes to itself");
            if (Esp32Response.TryParse(frame, out Esp32Response? response))
            {
                BrokenPromiseException.Check(response is not null && response.Data.Length == (frame[2] | frame[3] << 8), "the data field is as long as the size field says");
                response!.StatusFor(0);
                response.StatusFor(32);
                _ = response.IsUnsupportedCommand;
            }
        }

        var port = new FuzzSerialPort(input, "fuzz-esp32");
        var client = new Esp32RomClient(port, Instant);
        foreach (Action<Esp32RomClient> step in Session)
        {
            if (port.Exhausted)
            {
                // Every later reply would only be a timeout running down.
                return;
            }

            try
            {
                step(client);
            }
            catch (FirmwareToolsException)
            {
                // A refused or missing reply; the next command reads on.
            }
        }
    }

    private static void CheckMd5(string md5) =>
        BrokenPromiseException.Check(md5.Length == 32 && md5.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')), "an MD5 is 32 lower-case hex digits");
}
