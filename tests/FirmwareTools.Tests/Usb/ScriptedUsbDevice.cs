using Xunit;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Tests.Usb;

/// <summary>
/// A device whose endpoint-0 answers are scripted per (wValue, wIndex): raw bytes to return, or an
/// exception to throw. Used where the virtual device is too well-behaved (odd lengths, wrong types).
/// </summary>
internal sealed class ScriptedUsbDevice(byte[] deviceDescriptor, byte[] configuration) : IUsbDevice
{
    public Dictionary<(ushort Value, ushort Index), Func<byte[]>> Answers { get; } = [];

    public List<UsbSetupPacket> Requests { get; } = [];

    public UsbDeviceLocation Location { get; } = new(1, 9, "1-3");

    public bool IsOpen { get; private set; }

    public byte[] GetDeviceDescriptor() => deviceDescriptor;

    public byte[] GetConfigurationDescriptor(byte index) => configuration;

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
        Requests.Add(setup);
        if (!Answers.TryGetValue((setup.Value, setup.Index), out Func<byte[]>? answer))
        {
            throw new UsbStallException($"stalled {setup}");
        }

        byte[] data = answer();
        int count = Math.Min(data.Length, setup.Length);
        Array.Copy(data, 0, buffer, offset, count);
        return count;
    }

    public int BulkTransfer(byte endpoint, byte[] buffer, int offset, int length, TimeSpan timeout) =>
        throw new UsbIOException($"no bulk endpoint 0x{endpoint:X2}", "scripted", "LIBUSB_ERROR_IO");

    public void ClearHalt(byte endpoint)
    {
    }

    public void Dispose()
    {
    }
}
