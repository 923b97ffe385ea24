using System.Runtime.InteropServices;
using FirmwareTools.Protocols.Usb;
using Xunit;

namespace FirmwareTools.Tests.Usb;

/// <summary>
/// The managed mirrors of libusb.h's structs against the C compiler's sizes and offsets on a 64-bit
/// host (gcc, x86-64 and arm64 agree). A wrong field here would read garbage from libusb silently.
/// </summary>
public class LibUsbStructLayoutTests
{
    public LibUsbStructLayoutTests()
    {
        Assert.Equal(8, IntPtr.Size);
    }

    [Fact]
    public void Device_descriptor_is_18_bytes()
    {
        Assert.Equal(18, Marshal.SizeOf<LibUsbNativeDeviceDescriptor>());
        Assert.Equal(8, Offset<LibUsbNativeDeviceDescriptor>(nameof(LibUsbNativeDeviceDescriptor.idVendor)));
        Assert.Equal(12, Offset<LibUsbNativeDeviceDescriptor>(nameof(LibUsbNativeDeviceDescriptor.bcdDevice)));
        Assert.Equal(17, Offset<LibUsbNativeDeviceDescriptor>(nameof(LibUsbNativeDeviceDescriptor.bNumConfigurations)));
    }

    [Fact]
    public void Endpoint_descriptor_is_32_bytes()
    {
        Assert.Equal(32, Marshal.SizeOf<LibUsbNativeEndpointDescriptor>());
        Assert.Equal(4, Offset<LibUsbNativeEndpointDescriptor>(nameof(LibUsbNativeEndpointDescriptor.wMaxPacketSize)));
        Assert.Equal(16, Offset<LibUsbNativeEndpointDescriptor>(nameof(LibUsbNativeEndpointDescriptor.extra)));
        Assert.Equal(24, Offset<LibUsbNativeEndpointDescriptor>(nameof(LibUsbNativeEndpointDescriptor.extra_length)));
    }

    [Fact]
    public void Interface_descriptor_is_40_bytes()
    {
        Assert.Equal(40, Marshal.SizeOf<LibUsbNativeInterfaceDescriptor>());
        Assert.Equal(8, Offset<LibUsbNativeInterfaceDescriptor>(nameof(LibUsbNativeInterfaceDescriptor.iInterface)));
        Assert.Equal(16, Offset<LibUsbNativeInterfaceDescriptor>(nameof(LibUsbNativeInterfaceDescriptor.endpoint)));
        Assert.Equal(24, Offset<LibUsbNativeInterfaceDescriptor>(nameof(LibUsbNativeInterfaceDescriptor.extra)));
        Assert.Equal(32, Offset<LibUsbNativeInterfaceDescriptor>(nameof(LibUsbNativeInterfaceDescriptor.extra_length)));
    }

    [Fact]
    public void Interface_is_16_bytes()
    {
        Assert.Equal(16, Marshal.SizeOf<LibUsbNativeInterface>());
        Assert.Equal(8, Offset<LibUsbNativeInterface>(nameof(LibUsbNativeInterface.num_altsetting)));
    }

    [Fact]
    public void Config_descriptor_is_40_bytes()
    {
        Assert.Equal(40, Marshal.SizeOf<LibUsbNativeConfigDescriptor>());
        Assert.Equal(2, Offset<LibUsbNativeConfigDescriptor>(nameof(LibUsbNativeConfigDescriptor.wTotalLength)));
        Assert.Equal(8, Offset<LibUsbNativeConfigDescriptor>(nameof(LibUsbNativeConfigDescriptor.MaxPower)));
        Assert.Equal(16, Offset<LibUsbNativeConfigDescriptor>("interface"));
        Assert.Equal(24, Offset<LibUsbNativeConfigDescriptor>(nameof(LibUsbNativeConfigDescriptor.extra)));
        Assert.Equal(32, Offset<LibUsbNativeConfigDescriptor>(nameof(LibUsbNativeConfigDescriptor.extra_length)));
    }

    [Fact]
    public void Version_is_24_bytes()
    {
        Assert.Equal(24, Marshal.SizeOf<LibUsbNativeVersion>());
        Assert.Equal(8, Offset<LibUsbNativeVersion>(nameof(LibUsbNativeVersion.rc)));
        Assert.Equal(16, Offset<LibUsbNativeVersion>(nameof(LibUsbNativeVersion.describe)));
    }

    [Fact]
    public void Device_descriptor_goes_back_to_wire_bytes()
    {
        var native = new LibUsbNativeDeviceDescriptor
        {
            bLength = 18, bDescriptorType = 1, bcdUSB = 0x0100, bMaxPacketSize0 = 64, idVendor = 0x0483, idProduct = 0xDF11,
            bcdDevice = 0x2200, iManufacturer = 1, iProduct = 2, iSerialNumber = 3, bNumConfigurations = 1,
        };

        Assert.Equal(FirmwareTools.Simulators.Usb.Stm32F405BootloaderDescriptors.Device(), native.ToBytes());
    }

    private static long Offset<T>(string field) => Marshal.OffsetOf<T>(field).ToInt64();
}
