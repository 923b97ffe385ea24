namespace FirmwareTools.Simulators.Usb;

/// <summary>
/// The descriptors of the STM32F405 ROM DFU bootloader (0483:df11), byte for byte as published
/// `lsusb -v` output shows them (docs/protocols/dfu-dfuse.md §1.3): one configuration, one interface with four
/// alternate settings, the DFU functional descriptor after the last one (attributes 0x0B, detach
/// 255 ms, wTransferSize 2048, bcdDFUVersion 0x011A).
/// </summary>
public static class Stm32F405BootloaderDescriptors
{
    public const ushort VendorId = 0x0483;
    public const ushort ProductId = 0xDF11;
    public const string InternalFlashLayout = "@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg";

    public static byte[] Device() =>
    [
        0x12, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x40, 0x83, 0x04, 0x11, 0xDF, 0x00, 0x22, 0x01, 0x02, 0x03, 0x01,
    ];

    public static byte[] Configuration() =>
    [
        0x09, 0x02, 0x36, 0x00, 0x01, 0x01, 0x00, 0xC0, 0x32,
        0x09, 0x04, 0x00, 0x00, 0x00, 0xFE, 0x01, 0x02, 0x04,
        0x09, 0x04, 0x00, 0x01, 0x00, 0xFE, 0x01, 0x02, 0x05,
        0x09, 0x04, 0x00, 0x02, 0x00, 0xFE, 0x01, 0x02, 0x06,
        0x09, 0x04, 0x00, 0x03, 0x00, 0xFE, 0x01, 0x02, 0x07,
        0x09, 0x21, 0x0B, 0xFF, 0x00, 0x00, 0x08, 0x1A, 0x01,
    ];

    public static IReadOnlyDictionary<byte, string> Strings(string serialNumber) => new Dictionary<byte, string>
    {
        [1] = "STMicroelectronics",
        [2] = "STM32  BOOTLOADER",
        [3] = serialNumber,
        [4] = InternalFlashLayout,
        [5] = "@Option Bytes  /0x1FFFC000/01*016 e",
        [6] = "@OTP Memory /0x1FFF7800/01*512 e,01*016 e",
        [7] = "@Device Feature/0xFFFF0000/01*004 e",
    };
}
