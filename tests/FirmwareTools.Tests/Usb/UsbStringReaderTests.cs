using Xunit;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Tests.Usb;

public class UsbStringReaderTests
{
    private static readonly UsbDeviceLocation Here = new(1, 4, "1-1.4");

    [Fact]
    public void Reads_langid_then_strings_with_that_langid()
    {
        VirtualUsbDevice device = VirtualDevices.Stm32Bootloader("3061B4493536", Here);
        device.LanguageId = 0x0407;
        device.Open();
        var reader = new UsbStringReader(device);

        Assert.Equal("STM32  BOOTLOADER", reader.Read(2));
        Assert.Equal("@Internal Flash  /0x08000000/04*016Kg,01*064Kg,07*128Kg", reader.Read(4));
        Assert.Equal(0x0407, reader.LanguageId);
        Assert.Equal(3, device.ControlTransferCount); // string 0 once, then one request per string
    }

    [Fact]
    public void Index_zero_is_no_string_and_costs_no_request()
    {
        VirtualUsbDevice device = VirtualDevices.Stm32Bootloader("X", Here);
        device.Open();
        Assert.Null(new UsbStringReader(device).Read(0));
        Assert.Equal(0, device.ControlTransferCount);
    }

    [Fact]
    public void Truncated_strings_decode_what_arrived()
    {
        VirtualUsbDevice device = VirtualDevices.Stm32Bootloader("3061B4493536", Here);
        device.TruncateStringsBy = 6;
        device.Open();
        var reader = new UsbStringReader(device);

        Assert.Equal("STMicroelectron", reader.Read(1));
        Assert.Equal("3061B4493", reader.Read(3));
    }

    [Fact]
    public void Odd_lengths_drop_the_half_character()
    {
        // bLength 7: "AB" plus one stray byte.
        Assert.Equal("AB", UsbStringReader.Decode([0x07, 0x03, 0x41, 0x00, 0x42, 0x00, 0x43], out string? problem));
        Assert.Null(problem);

        // bLength 12 declared, 7 bytes arrived.
        Assert.Equal("AB", UsbStringReader.Decode([0x0C, 0x03, 0x41, 0x00, 0x42, 0x00, 0x43], out problem));
        Assert.Contains("bLength 12", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x04 })]
    [InlineData(new byte[] { 0x04, 0x02, 0x41, 0x00 })]
    public void Not_a_string_descriptor_decodes_to_null(byte[] received)
    {
        Assert.Null(UsbStringReader.Decode(received, out string? problem));
        Assert.NotNull(problem);
    }

    [Fact]
    public void A_device_that_stalls_string_requests_gives_null_and_falls_back_to_english()
    {
        var device = new ScriptedUsbDevice(Stm32F405BootloaderDescriptors.Device(), Stm32F405BootloaderDescriptors.Configuration());
        var messages = new List<string>();
        var reader = new UsbStringReader(device, (_, m) => messages.Add(m));

        Assert.Null(reader.Read(3));
        Assert.Equal(0x0409, reader.LanguageId);
        Assert.Equal(new ushort[] { 0x0300, 0x0303 }, device.Requests.Select(r => r.Value));
        Assert.Equal(0x0409, device.Requests[1].Index);
        Assert.Contains(messages, m => m.Contains("string descriptor 3", StringComparison.Ordinal));
    }

    [Fact]
    public void A_device_that_leaves_the_bus_stops_the_reader()
    {
        VirtualUsbDevice device = VirtualDevices.Stm32Bootloader("X", Here);
        device.Open();
        device.Disconnect();
        Assert.Throws<UsbDeviceGoneException>(() => new UsbStringReader(device).Read(1));
    }

    [Fact]
    public void Wrong_descriptor_type_in_answer_gives_null()
    {
        var device = new ScriptedUsbDevice(Stm32F405BootloaderDescriptors.Device(), Stm32F405BootloaderDescriptors.Configuration());
        device.Answers[(0x0300, 0)] = () => [0x04, 0x03, 0x09, 0x04];
        device.Answers[(0x0301, 0x0409)] = () => [0x06, 0x01, 0x41, 0x00, 0x42, 0x00];
        Assert.Null(new UsbStringReader(device).Read(1));
    }
}
