namespace FirmwareTools.Simulators.Usb;

/// <summary>
/// A device that is one CDC ACM function and nothing else, as TinyUSB builds MicroPython's USB REPL on an ESP32-S2/S3 and
/// as the ESP32 family's USB-Serial/JTAG shows its serial side (whose JTAG interface is left out: nothing here uses it):
/// an interface association, the ACM communication interface 0 with its functional descriptors and interrupt endpoint,
/// and the data interface 1 with bulk 0x02 OUT and 0x82 IN of 64 bytes (<see cref="CdcAcmLayout.Single"/>).
/// </summary>
public static class CdcAcmDescriptors
{
    public static byte[] Device(ushort vendorId, ushort productId) =>
    [
        0x12, 0x01, 0x00, 0x02, 0xEF, 0x02, 0x01, 0x40,
        (byte)vendorId, (byte)(vendorId >> 8), (byte)productId, (byte)(productId >> 8),
        0x00, 0x01, 0x01, 0x02, 0x03, 0x01,
    ];

    public static byte[] Configuration() =>
    [
        0x09, 0x02, 0x4B, 0x00, 0x02, 0x01, 0x00, 0x80, 0xFA,   // 2 interfaces, 500 mA
        0x08, 0x0B, 0x00, 0x02, 0x02, 0x02, 0x00, 0x00,         // interface association: 0-1 CDC ACM
        0x09, 0x04, 0x00, 0x00, 0x01, 0x02, 0x02, 0x00, 0x00,   // interface 0: CDC communication, ACM
        0x05, 0x24, 0x00, 0x20, 0x01,                           // CDC header, bcdCDC 1.20
        0x05, 0x24, 0x01, 0x00, 0x01,                           // call management, data interface 1
        0x04, 0x24, 0x02, 0x02,                                 // ACM capabilities: line coding and line state
        0x05, 0x24, 0x06, 0x00, 0x01,                           // union: 0 controls 1
        0x07, 0x05, 0x81, 0x03, 0x08, 0x00, 0x10,               // EP1 IN interrupt 8
        0x09, 0x04, 0x01, 0x00, 0x02, 0x0A, 0x00, 0x00, 0x00,   // interface 1: CDC data
        0x07, 0x05, 0x02, 0x02, 0x40, 0x00, 0x00,               // EP2 OUT bulk 64
        0x07, 0x05, 0x82, 0x02, 0x40, 0x00, 0x00,               // EP2 IN bulk 64
    ];

    public static IReadOnlyDictionary<byte, string> Strings(string manufacturer, string product, string serialNumber) => new Dictionary<byte, string>
    {
        [1] = manufacturer,
        [2] = product,
        [3] = serialNumber,
    };
}
