using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Simulators.Usb;

/// <summary>
/// A USB device made of descriptor bytes. It answers the standard GET_DESCRIPTOR request on endpoint 0
/// (device, configuration, string; string 0 is the LANGID list) exactly as a device would, and hands
/// every other control request to <see cref="HandleRequest"/>, which STALLs unless a subclass (such as
/// the virtual DFU bootloader) implements it. After <see cref="Disconnect"/> every call fails the way
/// libusb fails for a device that left the bus.
/// </summary>
public class VirtualUsbDevice : IUsbDevice
{
    public const byte GET_DESCRIPTOR = 0x06;
    public const byte DescriptorTypeDevice = 0x01;
    public const byte DescriptorTypeConfiguration = 0x02;
    public const byte DescriptorTypeString = 0x03;

    private readonly byte[] deviceDescriptor;
    private readonly byte[][] configurationDescriptors;
    private readonly Dictionary<byte, string> strings;
    private VirtualUsbBus? bus;

    public VirtualUsbDevice(UsbDeviceLocation location, byte[] deviceDescriptor, byte[][] configurationDescriptors, IReadOnlyDictionary<byte, string> strings)
    {
        Location = location;
        this.deviceDescriptor = deviceDescriptor;
        this.configurationDescriptors = configurationDescriptors;
        this.strings = new Dictionary<byte, string>(strings);
    }

    public UsbDeviceLocation Location { get; }

    /// <summary>Lock that serialises endpoint 0, as the real bus does: one control transfer at a time.</summary>
    protected object EndpointZero { get; } = new();

    public bool IsOpen { get; private set; }

    public bool IsConnected { get; private set; } = true;

    /// <summary>Makes <see cref="Open"/> fail as it does without udev rights (Linux) or a WinUSB driver (Windows).</summary>
    public bool DenyOpen { get; set; }

    /// <summary>The LANGID reported in string descriptor 0 and expected in string requests.</summary>
    public ushort LanguageId { get; set; } = 0x0409;

    /// <summary>When set, string descriptors declare this many more bytes in bLength than they send (the F427 ROM's truncated strings).</summary>
    public int TruncateStringsBy { get; set; }

    public HashSet<int> ClaimedInterfaces { get; } = [];

    public Dictionary<int, int> AlternateSettings { get; } = [];

    public int ControlTransferCount { get; private set; }

    public string Describe() => $"{Vid:x4}:{Pid:x4} at {Location}";

    public ushort Vid => (ushort)(deviceDescriptor[8] | (deviceDescriptor[9] << 8));

    public ushort Pid => (ushort)(deviceDescriptor[10] | (deviceDescriptor[11] << 8));

    internal void AttachTo(VirtualUsbBus owner) => bus = owner;

    /// <summary>The bus the device is plugged into, so a device that resets can plug in what enumerates next.</summary>
    protected VirtualUsbBus? Bus => bus;

    public byte[] GetDeviceDescriptor()
    {
        ThrowIfGone();
        return (byte[])deviceDescriptor.Clone();
    }

    public byte[] GetConfigurationDescriptor(byte index)
    {
        ThrowIfGone();
        if (index >= configurationDescriptors.Length)
        {
            throw new UsbIOException($"Configuration {index} does not exist on {Describe()}.", Describe(), "LIBUSB_ERROR_NOT_FOUND");
        }

        return (byte[])configurationDescriptors[index].Clone();
    }

    public void Open()
    {
        ThrowIfGone();
        if (DenyOpen)
        {
            throw new UsbAccessDeniedException($"Access to USB device {Describe()} was denied (LIBUSB_ERROR_ACCESS).", Describe(), "Grant access to the device (simulated).");
        }

        IsOpen = true;
    }

    public void ClaimInterface(int interfaceNumber)
    {
        ThrowIfNotUsable();
        OnClaimInterface(interfaceNumber);
        ClaimedInterfaces.Add(interfaceNumber);
    }

    public void ReleaseInterface(int interfaceNumber)
    {
        ThrowIfNotUsable();
        ClaimedInterfaces.Remove(interfaceNumber);
        OnReleaseInterface(interfaceNumber);
    }

    public void SetAlternateSetting(int interfaceNumber, int alternateSetting)
    {
        ThrowIfNotUsable();
        if (!ClaimedInterfaces.Contains(interfaceNumber))
        {
            throw new UsbIOException($"Interface {interfaceNumber} of {Describe()} is not claimed.", Describe(), "LIBUSB_ERROR_NOT_FOUND");
        }

        AlternateSettings[interfaceNumber] = alternateSetting;
        OnAlternateSettingChanged(interfaceNumber, alternateSetting);
    }

    public int ControlTransfer(UsbSetupPacket setup, byte[] buffer, int offset, TimeSpan timeout)
    {
        lock (EndpointZero)
        {
            ThrowIfNotUsable();
            ControlTransferCount++;
            if (setup.RequestType == 0x80 && setup.Request == GET_DESCRIPTOR)
            {
                return GetDescriptor(setup, buffer, offset);
            }

            return HandleRequest(setup, buffer, offset, timeout);
        }
    }

    public int BulkTransfer(byte endpoint, byte[] buffer, int offset, int length, TimeSpan timeout)
    {
        ThrowIfNotUsable();
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + length, buffer.Length, nameof(length));
        return HandleBulk(endpoint, buffer.AsSpan(offset, length), timeout);
    }

    public void ClearHalt(byte endpoint)
    {
        ThrowIfNotUsable();
        OnClearHalt(endpoint);
    }

    /// <summary>Takes the device off the bus: every later call fails with <see cref="UsbDeviceGoneException"/>.</summary>
    public void Disconnect()
    {
        IsConnected = false;
        IsOpen = false;
        bus?.Unplug(this);
    }

    /// <summary>Class and vendor requests. The base device knows none and STALLs, as a device without the function would.</summary>
    protected virtual int HandleRequest(UsbSetupPacket setup, byte[] buffer, int offset, TimeSpan timeout) =>
        throw new UsbStallException($"{Describe()} stalled {setup}.", Describe());

    protected virtual void OnAlternateSettingChanged(int interfaceNumber, int alternateSetting)
    {
    }

    /// <summary>Bulk endpoints. The base device has none: libusb reports a transfer to a missing endpoint as an I/O error.</summary>
    protected virtual int HandleBulk(byte endpoint, Span<byte> data, TimeSpan timeout) =>
        throw new UsbIOException($"{Describe()} has no bulk endpoint 0x{endpoint:X2} (LIBUSB_ERROR_IO).", Describe(), "LIBUSB_ERROR_IO");

    /// <summary>Called before an interface is claimed; a subclass throws to refuse (another program holds it).</summary>
    protected virtual void OnClaimInterface(int interfaceNumber)
    {
    }

    /// <summary>Called after an interface is released (the host closed what it had opened).</summary>
    protected virtual void OnReleaseInterface(int interfaceNumber)
    {
    }

    /// <summary>CLEAR_FEATURE ENDPOINT_HALT; the base device has no halted endpoints.</summary>
    protected virtual void OnClearHalt(byte endpoint)
    {
    }

    protected void ThrowIfGone()
    {
        if (!IsConnected)
        {
            throw new UsbDeviceGoneException($"USB device {Describe()} is no longer on the bus (LIBUSB_ERROR_NO_DEVICE).", Describe());
        }
    }

    private void ThrowIfNotUsable()
    {
        ThrowIfGone();
        if (!IsOpen)
        {
            throw new InvalidOperationException($"USB device {Describe()} is not open.");
        }
    }

    private int GetDescriptor(UsbSetupPacket setup, byte[] buffer, int offset)
    {
        byte type = (byte)(setup.Value >> 8);
        byte index = (byte)setup.Value;
        byte[] descriptor;
        switch (type)
        {
            case DescriptorTypeDevice:
                descriptor = deviceDescriptor;
                break;
            case DescriptorTypeConfiguration when index < configurationDescriptors.Length:
                descriptor = configurationDescriptors[index];
                break;
            case DescriptorTypeString when index == 0:
                descriptor = [4, DescriptorTypeString, (byte)LanguageId, (byte)(LanguageId >> 8)];
                break;
            case DescriptorTypeString when strings.TryGetValue(index, out string? text) && setup.Index == LanguageId:
                descriptor = EncodeString(text);
                break;
            default:
                throw new UsbStallException($"{Describe()} has no descriptor type {type} index {index} (wIndex 0x{setup.Index:X4}).", Describe());
        }

        int count = Math.Min(setup.Length, descriptor.Length);
        Array.Copy(descriptor, 0, buffer, offset, count);
        return count;
    }

    private byte[] EncodeString(string text)
    {
        byte[] utf16 = System.Text.Encoding.Unicode.GetBytes(text);
        int sent = Math.Max(0, utf16.Length - TruncateStringsBy);
        var descriptor = new byte[2 + sent];
        descriptor[0] = (byte)Math.Min(255, 2 + utf16.Length);
        descriptor[1] = DescriptorTypeString;
        Array.Copy(utf16, 0, descriptor, 2, sent);
        return descriptor;
    }

    public virtual void Dispose()
    {
        IsOpen = false;
        GC.SuppressFinalize(this);
    }
}
