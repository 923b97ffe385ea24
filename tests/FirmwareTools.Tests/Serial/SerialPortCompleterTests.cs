using FirmwareTools.Protocols.Serial;
using Xunit;

namespace FirmwareTools.Tests.Serial;

/// <summary>The -Port completer's matching (the CompletionResult wrapper needs the real engine).</summary>
public sealed class SerialPortCompleterTests
{
    private static readonly SerialPortInfo[] Ports =
    [
        new("/dev/ttyACM0") { VendorId = 0xF055, ProductId = 0x9800, Product = "Pyboard Virtual Comm Port", SerialNumber = "206F" },
        new("/dev/ttyUSB0") { VendorId = 0x10C4, ProductId = 0xEA60, Product = "CP2102N" },
        new("/dev/ttyUSB1"),
        new("COM12"),
        new("/dev/cu.usbserial 1"),
    ];

    [Theory]
    [InlineData("", new[] { "/dev/ttyACM0", "/dev/ttyUSB0", "/dev/ttyUSB1", "COM12", "'/dev/cu.usbserial 1'" })]
    [InlineData("/dev/ttyU", new[] { "/dev/ttyUSB0", "/dev/ttyUSB1" })]
    [InlineData("ttyacm", new[] { "/dev/ttyACM0" })]
    [InlineData("'com", new[] { "COM12" })]
    [InlineData("/dev/cu.", new[] { "'/dev/cu.usbserial 1'" })]
    [InlineData("nothing", new string[0])]
    public void Completes_by_full_name_or_by_the_name_without_its_folder(string word, string[] expected)
    {
        Assert.Equal(expected, SerialPortCompleter.Matches(Ports, word).Select(m => m.Text));
    }

    [Fact]
    public void The_tooltip_carries_the_id_product_and_serial()
    {
        var match = SerialPortCompleter.Matches(Ports, "/dev/ttyACM").Single();
        Assert.Equal("/dev/ttyACM0 f055:9800 Pyboard Virtual Comm Port 206F", match.ToolTip);
        Assert.Equal("/dev/ttyUSB1", SerialPortCompleter.Matches(Ports, "/dev/ttyUSB1").Single().ToolTip);
    }

    [Fact]
    public void No_ports_complete_to_nothing()
    {
        Assert.Empty(SerialPortCompleter.Matches([], "COM"));
        Assert.Empty(SerialPortCompleter.Matches([], null));
    }
}
