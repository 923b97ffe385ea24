using Xunit;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Tests.Dfu;

/// <summary>Raw DFU control transfers with literal request codes, so simulator tests do not depend on our client.</summary>
internal static class RawDfu
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static byte[] GetStatus(IUsbDevice device, TimeSpan? timeout = null)
    {
        var buffer = new byte[6];
        int n = device.ControlTransfer(new UsbSetupPacket(0xA1, 0x03, 0, 0, 6), buffer, 0, timeout ?? Timeout);
        Assert.Equal(6, n);
        return buffer;
    }

    public static byte GetState(IUsbDevice device)
    {
        var buffer = new byte[1];
        device.ControlTransfer(new UsbSetupPacket(0xA1, 0x05, 0, 0, 1), buffer, 0, Timeout);
        return buffer[0];
    }

    public static void Dnload(IUsbDevice device, ushort block, params byte[] data) =>
        device.ControlTransfer(new UsbSetupPacket(0x21, 0x01, block, 0, (ushort)data.Length), data, 0, Timeout);

    public static byte[] Upload(IUsbDevice device, ushort block, ushort length)
    {
        var buffer = new byte[length];
        int n = device.ControlTransfer(new UsbSetupPacket(0xA1, 0x02, block, 0, length), buffer, 0, Timeout);
        return buffer.AsSpan(0, n).ToArray();
    }

    public static void ClrStatus(IUsbDevice device) => device.ControlTransfer(new UsbSetupPacket(0x21, 0x04, 0, 0, 0), [], 0, Timeout);

    public static void Abort(IUsbDevice device) => device.ControlTransfer(new UsbSetupPacket(0x21, 0x06, 0, 0, 0), [], 0, Timeout);

    public static byte[] Addr(byte command, uint address) =>
        [command, (byte)address, (byte)(address >> 8), (byte)(address >> 16), (byte)(address >> 24)];

    /// <summary>A DfuSe command or data block, then the two polls; returns both replies.</summary>
    public static (byte[] First, byte[] Second) Execute(IUsbDevice device, ushort block, params byte[] data)
    {
        Dnload(device, block, data);
        byte[] first = GetStatus(device);
        byte[] second = GetStatus(device);
        return (first, second);
    }
}
