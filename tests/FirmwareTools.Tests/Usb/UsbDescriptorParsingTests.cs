using Xunit;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Tests.Usb;

/// <summary>The STM32F405 ROM's descriptors of docs/protocols/dfu-dfuse.md §1.3, decoded field by field.</summary>
public class UsbDescriptorParsingTests
{
    private static readonly byte[] F405Device = [0x12, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x40, 0x83, 0x04, 0x11, 0xDF, 0x00, 0x22, 0x01, 0x02, 0x03, 0x01];

    private static readonly byte[] F405Configuration =
    [
        0x09, 0x02, 0x36, 0x00, 0x01, 0x01, 0x00, 0xC0, 0x32,
        0x09, 0x04, 0x00, 0x00, 0x00, 0xFE, 0x01, 0x02, 0x04,
        0x09, 0x04, 0x00, 0x01, 0x00, 0xFE, 0x01, 0x02, 0x05,
        0x09, 0x04, 0x00, 0x02, 0x00, 0xFE, 0x01, 0x02, 0x06,
        0x09, 0x04, 0x00, 0x03, 0x00, 0xFE, 0x01, 0x02, 0x07,
        0x09, 0x21, 0x0B, 0xFF, 0x00, 0x00, 0x08, 0x1A, 0x01,
    ];

    [Fact]
    public void Simulator_serves_the_protocol_note_bytes()
    {
        Assert.Equal(F405Device, Stm32F405BootloaderDescriptors.Device());
        Assert.Equal(F405Configuration, Stm32F405BootloaderDescriptors.Configuration());
    }

    [Fact]
    public void Device_descriptor_fields()
    {
        UsbDeviceDescriptor d = UsbDeviceDescriptor.Parse(F405Device);

        Assert.Equal(0x0100, d.UsbVersion);
        Assert.Equal(0, d.DeviceClass);
        Assert.Equal(0, d.DeviceSubClass);
        Assert.Equal(0, d.DeviceProtocol);
        Assert.Equal(64, d.MaxPacketSize0);
        Assert.Equal(0x0483, d.VendorId);
        Assert.Equal(0xDF11, d.ProductId);
        Assert.Equal(0x2200, d.DeviceVersion);
        Assert.Equal(1, d.ManufacturerIndex);
        Assert.Equal(2, d.ProductIndex);
        Assert.Equal(3, d.SerialNumberIndex);
        Assert.Equal(1, d.ConfigurationCount);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x12, 0x01, 0x00, 0x01 })]
    public void Short_device_descriptor_is_a_clear_error(byte[] data)
    {
        var ex = Assert.Throws<UsbDescriptorFormatException>(() => UsbDeviceDescriptor.Parse(data, "bus 1 address 2 path 1-1"));
        Assert.Equal("UsbDescriptorInvalid", ex.ErrorId);
        Assert.Equal("bus 1 address 2 path 1-1", ex.Target);
        Assert.Contains($"{data.Length} bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Device_descriptor_of_the_wrong_type_is_rejected()
    {
        byte[] data = (byte[])F405Device.Clone();
        data[1] = 0x02;
        var ex = Assert.Throws<UsbDescriptorFormatException>(() => UsbDeviceDescriptor.Parse(data));
        Assert.Contains("0x02", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configuration_walks_into_four_alternate_settings_of_interface_0()
    {
        UsbConfigurationDescriptor c = UsbConfigurationDescriptor.Parse(F405Configuration);

        Assert.Equal(54, c.TotalLength);
        Assert.Equal(1, c.InterfaceCount);
        Assert.Equal(1, c.ConfigurationValue);
        Assert.Equal(0, c.ConfigurationStringIndex);
        Assert.Equal(0xC0, c.Attributes);
        Assert.Equal(0x32, c.MaxPower);
        Assert.Empty(c.Extra);
        Assert.Equal(4, c.Interfaces.Count);
        for (int alt = 0; alt < 4; alt++)
        {
            UsbInterfaceDescriptor i = c.Interfaces[alt];
            Assert.Equal(0, i.InterfaceNumber);
            Assert.Equal(alt, i.AlternateSetting);
            Assert.Equal(0, i.EndpointCount);
            Assert.Equal(0xFE, i.InterfaceClass);
            Assert.Equal(0x01, i.InterfaceSubClass);
            Assert.Equal(0x02, i.InterfaceProtocol);
            Assert.Equal(4 + alt, i.InterfaceStringIndex);
            Assert.Empty(i.Endpoints);
        }

        // The ROM puts the DFU functional descriptor after the last alternate setting.
        Assert.Empty(c.Interfaces[0].Extra);
        Assert.Equal(new byte[] { 0x09, 0x21, 0x0B, 0xFF, 0x00, 0x00, 0x08, 0x1A, 0x01 }, c.Interfaces[3].Extra);
    }

    [Fact]
    public void Dfu_functional_descriptor_of_the_F405()
    {
        UsbConfigurationDescriptor c = UsbConfigurationDescriptor.Parse(F405Configuration);
        DfuFunctionalDescriptor f = DfuFunctionalDescriptor.Find(c.Interfaces[3].Extra)!;

        Assert.Equal(DfuAttributes.CanDownload | DfuAttributes.CanUpload | DfuAttributes.WillDetach, f.Attributes);
        Assert.Equal(255, f.DetachTimeout);
        Assert.Equal(2048, f.TransferSize);
        Assert.Equal(0x011A, f.DfuVersion);
        Assert.True(f.IsDfuSe);
    }

    [Fact]
    public void Dfu_1_0_functional_descriptor_of_seven_bytes_reads_as_version_0x0100()
    {
        DfuFunctionalDescriptor f = DfuFunctionalDescriptor.Parse(new byte[] { 0x07, 0x21, 0x07, 0x64, 0x00, 0x40, 0x00 });

        Assert.Equal(DfuAttributes.CanDownload | DfuAttributes.CanUpload | DfuAttributes.ManifestationTolerant, f.Attributes);
        Assert.Equal(100, f.DetachTimeout);
        Assert.Equal(64, f.TransferSize);
        Assert.Equal(0x0100, f.DfuVersion);
        Assert.False(f.IsDfuSe);
    }

    [Fact]
    public void Functional_descriptor_reserved_attribute_bits_are_ignored()
    {
        DfuFunctionalDescriptor f = DfuFunctionalDescriptor.Parse(new byte[] { 0x09, 0x21, 0xF1, 0x00, 0x00, 0x00, 0x04, 0x10, 0x01 });
        Assert.Equal(DfuAttributes.CanDownload, f.Attributes);
        Assert.Equal(0x0110, f.DfuVersion);
    }

    [Fact]
    public void Find_skips_other_descriptors_and_ones_too_short()
    {
        byte[] extra =
        [
            0x05, 0x24, 0x21, 0x21, 0x21,                         // class-specific descriptor full of 0x21 bytes
            0x06, 0x21, 0x01, 0x02, 0x03, 0x04,                   // a 0x21 of 6 bytes is not a DFU descriptor
            0x09, 0x21, 0x03, 0x10, 0x00, 0x00, 0x01, 0x01, 0x01, // the real one
        ];

        DfuFunctionalDescriptor f = DfuFunctionalDescriptor.Find(extra)!;
        Assert.Equal(16, f.DetachTimeout);
        Assert.Equal(256, f.TransferSize);
        Assert.Equal(0x0101, f.DfuVersion);
        Assert.Null(DfuFunctionalDescriptor.Find(new byte[] { 0x05, 0x24, 0x00, 0x10, 0x01 }));
        Assert.Null(DfuFunctionalDescriptor.Find(new byte[] { 0x00, 0x21, 0x09 }));
    }

    [Theory]
    [InlineData(new byte[] { 0x06, 0x21, 0x0B, 0xFF, 0x00, 0x00 }, "bLength is 6")]
    [InlineData(new byte[] { 0x09, 0x21, 0x0B, 0xFF, 0x00, 0x00, 0x08 }, "only 7 bytes")]
    [InlineData(new byte[] { 0x09, 0x24, 0x0B, 0xFF, 0x00, 0x00, 0x08, 0x1A, 0x01 }, "0x24")]
    [InlineData(new byte[] { 0x09 }, "empty")]
    public void Malformed_functional_descriptor_is_a_clear_error(byte[] data, string problem)
    {
        var ex = Assert.Throws<UsbDescriptorFormatException>(() => DfuFunctionalDescriptor.Parse(data));
        Assert.Contains("DFU functional", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MicroPython_board_walks_into_three_interfaces_with_endpoints_and_class_descriptors()
    {
        UsbConfigurationDescriptor c = UsbConfigurationDescriptor.Parse(MicroPythonBoardDescriptors.Configuration());

        Assert.Equal(98, c.TotalLength);
        Assert.Equal(new byte[] { 0, 1, 2 }, c.Interfaces.Select(i => i.InterfaceNumber));
        Assert.Equal(new byte[] { 0x08, 0x02, 0x0A }, c.Interfaces.Select(i => i.InterfaceClass));
        Assert.Equal(new[] { 0x81, 0x01 }, c.Interfaces[0].Endpoints.Select(e => (int)e.Address));
        Assert.Equal(64, c.Interfaces[0].Endpoints[0].MaxPacketSize);

        // The interface association follows MSC's last endpoint; the CDC functional descriptors follow interface 1.
        Assert.Equal(new byte[] { 0x08, 0x0B, 0x01, 0x02, 0x02, 0x02, 0x01, 0x00 }, c.Interfaces[0].Endpoints[1].Extra);
        Assert.Equal(19, c.Interfaces[1].Extra.Count);
        Assert.Equal(0x03, c.Interfaces[1].Endpoints.Single().Attributes);
        Assert.Equal(2, c.Interfaces[2].Endpoints.Count);
    }

    [Fact]
    public void Descriptors_before_the_first_interface_are_configuration_extra()
    {
        byte[] data = [0x09, 0x02, 0x1B, 0x00, 0x01, 0x01, 0x00, 0x80, 0x32, 0x09, 0x21, 0x01, 0x00, 0x00, 0x00, 0x04, 0x00, 0x01, 0x09, 0x04, 0x00, 0x00, 0x00, 0xFE, 0x01, 0x01, 0x00];

        UsbConfigurationDescriptor c = UsbConfigurationDescriptor.Parse(data);
        Assert.Equal(data.Skip(9).Take(9), c.Extra);
        Assert.Single(c.Interfaces);
        Assert.Empty(c.Interfaces[0].Extra);
    }

    [Fact]
    public void Bytes_beyond_wTotalLength_are_ignored()
    {
        byte[] data = [.. F405Configuration, 0xFF, 0xFF, 0x00];
        Assert.Equal(4, UsbConfigurationDescriptor.Parse(data).Interfaces.Count);
    }

    public static TheoryData<byte[], string> MalformedConfigurations() => new()
    {
        { [0x09, 0x02, 0x36], "3 bytes" },
        { [0x09, 0x04, 0x09, 0x00, 0x01, 0x01, 0x00, 0xC0, 0x32], "bDescriptorType 0x04" },
        { [0x09, 0x02, 0x36, 0x00, 0x01, 0x01, 0x00, 0xC0, 0x32, 0x09, 0x04, 0x00, 0x00, 0x00, 0xFE, 0x01, 0x02, 0x04], "wTotalLength is 54 but only 18" },
        { [0x09, 0x02, 0x05, 0x00, 0x01, 0x01, 0x00, 0xC0, 0x32], "shorter than its own header" },
        { [0x09, 0x02, 0x0C, 0x00, 0x01, 0x01, 0x00, 0xC0, 0x32, 0x00, 0x04, 0x00], "offset 9 has bLength 0" },
        { [0x09, 0x02, 0x0C, 0x00, 0x01, 0x01, 0x00, 0xC0, 0x32, 0x09, 0x04, 0x00], "runs past wTotalLength 12" },
        { [0x09, 0x02, 0x0A, 0x00, 0x01, 0x01, 0x00, 0xC0, 0x32, 0x09], "cut off" },
        { [0x09, 0x02, 0x0F, 0x00, 0x01, 0x01, 0x00, 0xC0, 0x32, 0x06, 0x04, 0x00, 0x00, 0x00, 0xFE], "interface descriptor at offset 9 has bLength 6" },
        { [0x09, 0x02, 0x10, 0x00, 0x01, 0x01, 0x00, 0xC0, 0x32, 0x07, 0x05, 0x81, 0x02, 0x40, 0x00, 0x00], "before any interface" },
    };

    [Theory]
    [MemberData(nameof(MalformedConfigurations))]
    public void Malformed_configuration_is_a_clear_error_never_an_index_exception(byte[] data, string problem)
    {
        var ex = Assert.Throws<UsbDescriptorFormatException>(() => UsbConfigurationDescriptor.Parse(data, "0483:df11 at bus 1"));
        Assert.Equal("UsbDescriptorInvalid", ex.ErrorId);
        Assert.Equal("0483:df11 at bus 1", ex.Target);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_of_a_real_configuration_fails_cleanly()
    {
        byte[] full = MicroPythonBoardDescriptors.Configuration();
        for (int length = 0; length < full.Length; length++)
        {
            byte[] cut = full.Take(length).ToArray();
            Assert.Throws<UsbDescriptorFormatException>(() => UsbConfigurationDescriptor.Parse(cut));
        }
    }
}
