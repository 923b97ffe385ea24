using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Fuzz;

/// <summary>
/// A USB device that answers with the fuzz input: its replies are <see cref="FuzzInput.Records"/>, handed out in the
/// order they are asked for (device descriptor, configuration descriptors, then control transfers IN). It keeps the
/// seam's contract (an IN transfer returns at most wLength bytes, as libusb does) and lies about everything else: the
/// contents, every length field, the number of configurations. An empty record is a STALL; running out of records is
/// a timeout, as a device that stops answering would be.
/// </summary>
public sealed class FuzzUsbDevice : IUsbDevice
{
    private readonly Queue<byte[]> replies;

    public FuzzUsbDevice(IEnumerable<byte[]> replies)
    {
        this.replies = new Queue<byte[]>(replies);
    }

    public UsbDeviceLocation Location { get; } = new UsbDeviceLocation(1, 2, "1-1");

    public bool IsOpen { get; private set; }

    public byte[] GetDeviceDescriptor() => Next("device descriptor");

    public byte[] GetConfigurationDescriptor(byte index) => Next("configuration descriptor");

    public void Open() => IsOpen = true;

    public void ClaimInterface(int interfaceNumber)
    {
    }

    public void ReleaseInterface(int interfaceNumber)
    {
    }

    public void SetAlternateSetting(int interfaceNumber, int alternateSetting)
    {
    }

    public int ControlTransfer(UsbSetupPacket setup, byte[] buffer, int offset, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (!setup.IsDeviceToHost)
        {
            return setup.Length;
        }

        byte[] reply = Next("control transfer");
        int count = Math.Min(reply.Length, setup.Length);
        Array.Copy(reply, 0, buffer, offset, count);
        return count;
    }

    public int BulkTransfer(byte endpoint, byte[] buffer, int offset, int length, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if ((endpoint & 0x80) == 0)
        {
            return length;
        }

        byte[] reply = Next("bulk transfer");
        int count = Math.Min(reply.Length, length);
        Array.Copy(reply, 0, buffer, offset, count);
        return count;
    }

    public void ClearHalt(byte endpoint)
    {
    }

    public void Dispose() => IsOpen = false;

    private byte[] Next(string what)
    {
        if (!replies.TryDequeue(out byte[]? reply))
        {
            throw new UsbTimeoutException($"The fuzz device sent no {what}.", Location.ToString());
        }

        if (reply.Length == 0)
        {
            throw new UsbStallException($"The fuzz device stalled the {what}.", Location.ToString());
        }

        return reply;
    }
}
