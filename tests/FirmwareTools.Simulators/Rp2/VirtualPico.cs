using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Simulators.Rp2;

/// <summary>
/// One virtual Pico plugged into a USB port: its BOOTSEL boot ROM to begin with, then whatever enumerates after each reboot
/// (MicroPython, or BOOTSEL again), served over a loopback USB bridge that shows new connections the device plugged in now.
/// </summary>
public sealed class VirtualPico : IDisposable
{
    private readonly object gate = new();
    private VirtualUsbDevice current;

    public VirtualPico(VirtualRp2Settings settings, UsbDeviceLocation? location = null, string? mountDirectory = null, int port = 0)
    {
        Rom = new VirtualRp2BootRom(settings, location);
        Bus = new VirtualUsbBus(Rom);
        current = Rom;
        Follow(Rom);
        if (mountDirectory != null)
        {
            Rom.MountDrive(mountDirectory);
        }

        Bridge = UsbBridgeServer.Start(() => Current, port);
    }

    /// <summary>The boot ROM the board started in.</summary>
    public VirtualRp2BootRom Rom { get; }

    public VirtualUsbBus Bus { get; }

    public UsbBridgeServer Bridge { get; }

    /// <summary>The device on the port now.</summary>
    public VirtualUsbDevice Current
    {
        get
        {
            lock (gate)
            {
                return current;
            }
        }
    }

    /// <summary>127.0.0.1:PORT of the bridge, for FIRMWARETOOLS_USB_BRIDGE.</summary>
    public string BridgeAddress => $"127.0.0.1:{Bridge.Port}";

    public void Dispose()
    {
        Bridge.Dispose();
        Bus.Dispose();
    }

    /// <summary>Takes the successor before the ROM's Rebooted task completes, so whoever awaits it already sees the new device here.</summary>
    private void Follow(VirtualRp2BootRom rom) =>
        rom.Reenumerated += next =>
        {
            lock (gate)
            {
                current = next;
            }

            if (next is VirtualRp2BootRom again)
            {
                Follow(again);
            }
        };
}
