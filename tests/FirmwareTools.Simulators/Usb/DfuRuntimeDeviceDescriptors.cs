namespace FirmwareTools.Simulators.Usb;

/// <summary>
/// An application that offers a DFU run-time interface next to its own function (the pid.codes test
/// ID 1209:0001): interface 0 is vendor-specific with two bulk endpoints, interface 1 is DFU run-time
/// (FE/01/01) followed by a DFU 1.1 functional descriptor (bcdDFU 0x0110; can download, will detach;
/// detach 1000 ms; transfer size 1024). Discovery must report it as Runtime, not as a DFU-mode device.
/// </summary>
public static class DfuRuntimeDeviceDescriptors
{
    public const ushort VendorId = 0x1209;
    public const ushort ProductId = 0x0001;
    public const string InterfaceName = "Firmware update";

    public static byte[] Device() =>
    [
        0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, 0x09, 0x12, 0x01, 0x00, 0x00, 0x01, 0x01, 0x02, 0x03, 0x01,
    ];

    public static byte[] Configuration() =>
    [
        0x09, 0x02, 0x32, 0x00, 0x02, 0x01, 0x00, 0x80, 0x32,   // 2 interfaces, bus-powered, 100 mA
        0x09, 0x04, 0x00, 0x00, 0x02, 0xFF, 0x00, 0x00, 0x00,   // interface 0: vendor-specific
        0x07, 0x05, 0x81, 0x02, 0x40, 0x00, 0x00,               // EP1 IN bulk 64
        0x07, 0x05, 0x01, 0x02, 0x40, 0x00, 0x00,               // EP1 OUT bulk 64
        0x09, 0x04, 0x01, 0x00, 0x00, 0xFE, 0x01, 0x01, 0x04,   // interface 1: DFU run-time, iInterface 4
        0x09, 0x21, 0x09, 0xE8, 0x03, 0x00, 0x04, 0x10, 0x01,   // DFU functional: attrs 0x09, detach 1000, xfer 1024, DFU 1.1
    ];

    public static IReadOnlyDictionary<byte, string> Strings(string serialNumber) => new Dictionary<byte, string>
    {
        [1] = "FirmwareTools",
        [2] = "DFU run-time test device",
        [3] = serialNumber,
        [4] = InterfaceName,
    };
}
