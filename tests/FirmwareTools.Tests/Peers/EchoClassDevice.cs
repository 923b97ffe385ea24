using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Tests.Peers;

/// <summary>
/// A test-only device with the F405 bootloader's descriptors that answers three class requests, so the
/// bridge can be checked without the DFU simulator: 0x01 OUT stores the data, 0x02 IN returns it,
/// 0x00 OUT takes the device off the bus after answering, 0x05 IN times out. Every other request STALLs (base class).
/// </summary>
internal sealed class EchoClassDevice : VirtualUsbDevice
{
    public EchoClassDevice()
        : base(new UsbDeviceLocation(1, 7, "1-2"), Stm32F405BootloaderDescriptors.Device(), [Stm32F405BootloaderDescriptors.Configuration()], Stm32F405BootloaderDescriptors.Strings("3061B4493536"))
    {
    }

    public byte[] Stored { get; private set; } = [];

    public UsbSetupPacket? LastStoreSetup { get; private set; }

    protected override int HandleRequest(UsbSetupPacket setup, byte[] buffer, int offset, TimeSpan timeout)
    {
        switch (setup.RequestType, setup.Request)
        {
            case (0x21, 0x01):
                Stored = buffer.AsSpan(offset, setup.Length).ToArray();
                LastStoreSetup = setup;
                return setup.Length;
            case (0xA1, 0x02):
                int count = Math.Min(setup.Length, Stored.Length);
                Array.Copy(Stored, 0, buffer, offset, count);
                return count;
            case (0xA1, 0x05):
                throw new UsbTimeoutException($"{Describe()} did not answer {setup} within {timeout.TotalMilliseconds} ms (simulated).", Describe());
            case (0x21, 0x00):
                Disconnect();
                return 0;
            default:
                return base.HandleRequest(setup, buffer, offset, timeout);
        }
    }
}
