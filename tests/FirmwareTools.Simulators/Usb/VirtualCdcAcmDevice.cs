using FirmwareTools.Protocols;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Simulators.Usb;

/// <summary>
/// A USB device whose CDC ACM function is a serial line to a virtual board, as the board's USB peripheral is to its
/// firmware: claiming the data interface opens the line (<c>open</c>, the board's side of a tty being opened), the class
/// requests SET_LINE_CODING and SET_CONTROL_LINE_STATE (CDC PSTN 1.2 §6.3.10, §6.3.12) set its speed and its DTR and RTS
/// together, bulk OUT carries bytes to the board and bulk IN one packet back (a timeout with nothing to send, as a device
/// NAKs). When the board cuts the line (it reset or left for its bootloader) the device leaves the bus.
/// </summary>
public sealed class VirtualCdcAcmDevice : VirtualUsbDevice
{
    public const byte SET_LINE_CODING = 0x20;
    public const byte GET_LINE_CODING = 0x21;
    public const byte SET_CONTROL_LINE_STATE = 0x22;

    private readonly object lineGate = new();
    private readonly CdcAcmLayout layout;
    private readonly Func<ISerialPort> open;
    private ISerialPort? line;
    private byte[] lineCoding = [0x00, 0xC2, 0x01, 0x00, 0x00, 0x00, 0x08]; // 115200 8N1

    public VirtualCdcAcmDevice(UsbDeviceLocation location, (byte[] Device, byte[] Configuration) descriptors, IReadOnlyDictionary<byte, string> strings, CdcAcmLayout layout, Func<ISerialPort> open)
        : base(location, descriptors.Device, [descriptors.Configuration], strings)
    {
        this.layout = layout;
        this.open = open;
    }

    /// <summary>The last SET_CONTROL_LINE_STATE's wValue (bit 0 DTR, bit 1 RTS), for tests.</summary>
    public ushort ControlLineState { get; private set; }

    /// <summary>The last SET_LINE_CODING's 7 bytes, for tests.</summary>
    public IReadOnlyList<byte> LineCoding => lineCoding;

    /// <summary>True while the host has the data interface claimed and the line is open.</summary>
    public bool LineOpen => Volatile.Read(ref line) is not null;

    public override void Dispose()
    {
        CloseLine();
        base.Dispose();
    }

    protected override void OnClaimInterface(int interfaceNumber)
    {
        if (interfaceNumber != layout.DataInterface)
        {
            return;
        }

        lock (lineGate)
        {
            if (line is not null)
            {
                return;
            }

            try
            {
                line = open();
            }
            catch (FirmwareError e) when (e.Definition == SerialErrors.NotFoundId)
            {
                Disconnect();
                throw new UsbDeviceGoneException($"{Describe()} left the bus: {e.Message}", Describe(), e);
            }

            line.BaudRate = (int)BitConverter.ToUInt32(lineCoding, 0);
            if (ControlLineState != 0)
            {
                line.SetModemLines((ControlLineState & 1) != 0, (ControlLineState & 2) != 0);
            }
        }
    }

    protected override void OnReleaseInterface(int interfaceNumber)
    {
        if (interfaceNumber == layout.DataInterface)
        {
            CloseLine();
        }
    }

    protected override int HandleRequest(UsbSetupPacket setup, byte[] buffer, int offset, TimeSpan timeout)
    {
        if (setup.Index != layout.CommunicationInterface || (setup.RequestType & 0x60) != 0x20)
        {
            return base.HandleRequest(setup, buffer, offset, timeout);
        }

        switch (setup.Request)
        {
            case SET_LINE_CODING when setup.Length == 7:
                lineCoding = buffer.AsSpan(offset, 7).ToArray();
                OnLine(l => l.BaudRate = (int)BitConverter.ToUInt32(lineCoding, 0));
                return 7;
            case GET_LINE_CODING:
                int count = Math.Min(setup.Length, lineCoding.Length);
                Array.Copy(lineCoding, 0, buffer, offset, count);
                return count;
            case SET_CONTROL_LINE_STATE:
                ControlLineState = setup.Value;
                OnLine(l => l.SetModemLines((setup.Value & 1) != 0, (setup.Value & 2) != 0));
                return 0;
            default:
                return base.HandleRequest(setup, buffer, offset, timeout);
        }
    }

    protected override int HandleBulk(byte endpoint, Span<byte> data, TimeSpan timeout)
    {
        ISerialPort current = Volatile.Read(ref line) ?? throw new UsbIOException($"{Describe()}: the data interface is not claimed (LIBUSB_ERROR_IO).", Describe(), "LIBUSB_ERROR_IO");
        try
        {
            if (endpoint == layout.BulkIn)
            {
                var received = new byte[data.Length];
                int count = current.Read(received, 0, received.Length, timeout, CancellationToken.None);
                if (count == 0)
                {
                    throw new UsbTimeoutException($"{Describe()}: nothing to send on 0x{endpoint:X2} (LIBUSB_ERROR_TIMEOUT).", Describe());
                }

                received.AsSpan(0, count).CopyTo(data);
                return count;
            }

            if (endpoint == layout.BulkOut)
            {
                byte[] sent = data.ToArray();
                current.Write(sent, 0, sent.Length, CancellationToken.None);
                return sent.Length;
            }
        }
        catch (SerialPortLostException e)
        {
            Gone();
            throw new UsbDeviceGoneException($"{Describe()} left the bus: the board cut its line ({e.Message}).", Describe(), e);
        }

        return base.HandleBulk(endpoint, data, timeout);
    }

    private void OnLine(Action<ISerialPort> change)
    {
        ISerialPort? current = Volatile.Read(ref line);
        if (current is null)
        {
            return;
        }

        try
        {
            change(current);
        }
        catch (SerialPortLostException e)
        {
            Gone();
            throw new UsbDeviceGoneException($"{Describe()} left the bus: the board cut its line ({e.Message}).", Describe(), e);
        }
    }

    private void Gone()
    {
        CloseLine();
        Disconnect();
    }

    private void CloseLine()
    {
        ISerialPort? closing;
        lock (lineGate)
        {
            closing = line;
            line = null;
        }

        closing?.Dispose();
    }
}
