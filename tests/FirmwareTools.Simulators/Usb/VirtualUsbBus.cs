using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Simulators.Usb;

/// <summary>An in-memory USB bus: the simulators' <see cref="IUsbBackend"/>. Devices can be plugged and unplugged while a test runs.</summary>
public sealed class VirtualUsbBus : IUsbBackend
{
    private readonly object gate = new();
    private readonly List<VirtualUsbDevice> devices = [];

    public VirtualUsbBus(params VirtualUsbDevice[] initial)
    {
        foreach (VirtualUsbDevice device in initial)
        {
            Plug(device);
        }
    }

    public void Plug(VirtualUsbDevice device)
    {
        lock (gate)
        {
            device.AttachTo(this);
            devices.Add(device);
        }
    }

    public void Unplug(VirtualUsbDevice device)
    {
        lock (gate)
        {
            devices.Remove(device);
        }
    }

    public IReadOnlyList<IUsbDevice> GetDevices()
    {
        lock (gate)
        {
            return devices.Where(d => d.IsConnected).Cast<IUsbDevice>().ToList();
        }
    }

    public void Dispose()
    {
    }
}
