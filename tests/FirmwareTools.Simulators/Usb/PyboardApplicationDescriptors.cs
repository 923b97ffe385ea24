namespace FirmwareTools.Simulators.Usb;

/// <summary>
/// A minimal stand-in for a running pyboard (MicroPython, VID 0xF055 PID 0x9800): enough for discovery to see
/// that the board left DFU mode and came back as the application with the same serial number (docs/protocols/dfu-dfuse.md §1.3, §4.5).
/// Only the identity is modelled; the configuration is one vendor-class interface, not the real CDC/MSC set.
/// </summary>
public static class PyboardApplicationDescriptors
{
    public const ushort VendorId = 0xF055;
    public const ushort ProductId = 0x9800;

    public static byte[] Device() =>
    [
        0x12, 0x01, 0x00, 0x02, 0xEF, 0x02, 0x01, 0x40, 0x55, 0xF0, 0x00, 0x98, 0x00, 0x02, 0x01, 0x02, 0x03, 0x01,
    ];

    public static byte[] Configuration() =>
    [
        0x09, 0x02, 0x12, 0x00, 0x01, 0x01, 0x00, 0x80, 0xFA,
        0x09, 0x04, 0x00, 0x00, 0x00, 0xFF, 0x00, 0x00, 0x00,
    ];

    public static IReadOnlyDictionary<byte, string> Strings(string serialNumber) => new Dictionary<byte, string>
    {
        [1] = "MicroPython",
        [2] = "Pyboard Virtual Comm Port in FS Mode",
        [3] = serialNumber,
    };

    public static VirtualUsbDevice Create(Protocols.Usb.UsbDeviceLocation location, string serialNumber) =>
        new(location, Device(), [Configuration()], Strings(serialNumber));
}
