using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Fuzz.Targets;

/// <summary>
/// The loopback USB bridge as its client meets it: the input is everything the bridge sends back (length-prefixed
/// frames, a status byte, results), read by RemoteUsbDevice for a fixed sequence of requests (descriptors, open,
/// claim, control IN and OUT). The framing reader is also fed the input alone.
/// </summary>
public sealed class UsbBridgeTarget : IFuzzTarget
{
    private static readonly Action<RemoteUsbDevice>[] Requests =
    {
        d => UsbDeviceDescriptor.Parse(d.GetDeviceDescriptor(), "bridge"),
        d => UsbConfigurationDescriptor.Parse(d.GetConfigurationDescriptor(0), "bridge"),
        d => d.Open(),
        d => d.ClaimInterface(0),
        d => d.SetAlternateSetting(0, 1),
        d => ControlIn(d, 6),
        d => ControlIn(d, 255),
        d => d.ControlTransfer(new UsbSetupPacket(0x21, 0x01, 2, 0, 4), new byte[4], 0, TimeSpan.FromSeconds(1)),
        d => d.ReleaseInterface(0),
    };

    public string Name => "usb-bridge";

    public string Description => "UsbBridgeFraming.ReadMessage and RemoteUsbDevice's replies over a stream holding the input";

    public void Run(byte[] input)
    {
        using (var alone = new MemoryStream(input, writable: false))
        {
            try
            {
                while (UsbBridgeFraming.ReadMessage(alone) is byte[] body)
                {
                    BrokenPromiseException.Check(body.Length is >= 1 and <= UsbBridgeFraming.MaxBodyLength, "a body is 1..MaxBodyLength bytes");
                }
            }
            catch (Exception e) when (e is EndOfStreamException || e is InvalidDataException)
            {
                // The framing's own refusals (cut-off message, length outside the protocol): the transport's contract, which
                // RemoteUsbDevice (below) and UsbBridgeServer turn into their own errors.
            }
        }

        using var device = RemoteUsbDevice.OverStream(new ScriptedStream(input), "fuzz-bridge");
        foreach (Action<RemoteUsbDevice> request in Requests)
        {
            try
            {
                request(device);
            }
            catch (UsbDeviceGoneException)
            {
                return;
            }
            catch (FirmwareTools.Protocols.FirmwareToolsException)
            {
                // A refused reply; the next request reads the next frame.
            }
        }
    }

    private static void ControlIn(RemoteUsbDevice device, ushort length)
    {
        var buffer = new byte[length + 8];
        int count = device.ControlTransfer(new UsbSetupPacket(0xA1, 0x03, 0, 0, length), buffer, 4, TimeSpan.FromSeconds(1));
        BrokenPromiseException.Check(count >= 0 && count <= length, "an IN transfer returns at most wLength bytes");
        BrokenPromiseException.Check(buffer.AsSpan(0, 4).IndexOfAnyExcept((byte)0) < 0 && buffer.AsSpan(4 + length).IndexOfAnyExcept((byte)0) < 0,
            "an IN transfer writes only inside its wLength");
    }

    /// <summary>A duplex stream: reads come from the script, writes (the requests) are discarded.</summary>
    private sealed class ScriptedStream : MemoryStream
    {
        public ScriptedStream(byte[] script)
            : base(script, writable: false)
        {
        }

        public override bool CanWrite => true;

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
        }

        public override void Flush()
        {
        }
    }
}
