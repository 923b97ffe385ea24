using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Fuzz;

/// <summary>A bus with the given devices on it.</summary>
public sealed class FuzzUsbBackend : IUsbBackend
{
    private readonly IUsbDevice[] devices;

    public FuzzUsbBackend(params IUsbDevice[] devices)
    {
        this.devices = devices;
    }

    public IReadOnlyList<IUsbDevice> GetDevices() => devices;

    public void Dispose()
    {
    }
}
