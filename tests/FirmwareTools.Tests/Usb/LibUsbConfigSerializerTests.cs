using System.Runtime.InteropServices;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Usb;
using Xunit;

namespace FirmwareTools.Tests.Usb;

/// <summary>
/// Builds libusb's parsed configuration tree in native memory, the way libusb_get_config_descriptor
/// hands it out, and checks the serializer gives back the device's original bytes.
/// </summary>
public sealed class LibUsbConfigSerializerTests : IDisposable
{
    private readonly NativeMemory memory = new();

    [Fact]
    public void F405_tree_with_the_functional_descriptor_in_alt_3_extra_gives_the_protocol_note_bytes()
    {
        byte[] dfu = [0x09, 0x21, 0x0B, 0xFF, 0x00, 0x00, 0x08, 0x1A, 0x01];
        var alts = Enumerable.Range(0, 4).Select(a => new LibUsbNativeInterfaceDescriptor
        {
            bLength = 9, bDescriptorType = 4, bInterfaceNumber = 0, bAlternateSetting = (byte)a, bInterfaceClass = 0xFE,
            bInterfaceSubClass = 0x01, bInterfaceProtocol = 0x02, iInterface = (byte)(4 + a),
            extra = a == 3 ? Bytes(dfu) : IntPtr.Zero, extra_length = a == 3 ? dfu.Length : 0,
        }).ToArray();
        IntPtr config = Struct(new LibUsbNativeConfigDescriptor
        {
            bLength = 9, bDescriptorType = 2, wTotalLength = 54, bNumInterfaces = 1, bConfigurationValue = 1, bmAttributes = 0xC0, MaxPower = 0x32,
            @interface = Array([new LibUsbNativeInterface { altsetting = Array(alts), num_altsetting = 4 }]),
        });

        Assert.Equal(Stm32F405BootloaderDescriptors.Configuration(), LibUsbConfigSerializer.Serialize(config));
    }

    [Fact]
    public void MicroPython_tree_with_endpoints_and_class_descriptors_round_trips()
    {
        byte[] original = MicroPythonBoardDescriptors.Configuration();
        Assert.Equal(original, LibUsbConfigSerializer.Serialize(Build(original)));
    }

    [Fact]
    public void Audio_endpoints_keep_their_nine_bytes_and_config_extra_comes_first()
    {
        byte[] original =
        [
            0x09, 0x02, 0x27, 0x00, 0x01, 0x01, 0x00, 0x80, 0x32,
            0x05, 0x24, 0x01, 0x02, 0x03,                         // vendor descriptor before any interface
            0x09, 0x04, 0x00, 0x00, 0x01, 0x01, 0x02, 0x00, 0x00,
            0x09, 0x05, 0x81, 0x05, 0xC0, 0x00, 0x01, 0x00, 0x00, // 9-byte audio endpoint
            0x07, 0x25, 0x01, 0x01, 0x00, 0x00, 0x00,             // class-specific endpoint descriptor
        ];

        Assert.Equal(original, LibUsbConfigSerializer.Serialize(Build(original)));
    }

    public void Dispose() => memory.Dispose();

    private IntPtr Build(byte[] raw) => memory.ConfigTree(raw);

    private IntPtr Bytes(byte[] data) => memory.Bytes(data);

    private IntPtr Struct<T>(T value)
        where T : struct => memory.Array([value]);

    private IntPtr Array<T>(T[] values)
        where T : struct => memory.Array(values);
}
