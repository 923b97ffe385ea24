using FirmwareTools.Protocols.Esp32;
using FirmwareTools.Protocols.Esp32Board;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Tests.Common;
using Xunit;

namespace FirmwareTools.Tests.Esp32;

/// <summary>Recognising the connection, the per-chip watchdog registers and finding a re-enumerated board (docs/protocols/esp32-family.md §3).</summary>
public sealed class Esp32ConnectionTests
{
    [Theory]
    [InlineData(0x303A, 0x1001, Esp32Connection.UsbSerialJtag)]
    [InlineData(0x303A, 0x0002, Esp32Connection.UsbOtg)]
    [InlineData(0x303A, 0x0009, Esp32Connection.UsbOtg)]
    [InlineData(0x303A, 0x4001, Esp32Connection.UsbUartBridge)]
    [InlineData(0x10C4, 0xEA60, Esp32Connection.UsbUartBridge)]
    [InlineData(0x1A86, 0x1001, Esp32Connection.UsbUartBridge)]
    public void The_connection_comes_from_the_usb_ids(int vid, int pid, Esp32Connection expected) =>
        Assert.Equal(expected, Esp32Connections.FromUsbId((ushort)vid, (ushort)pid));

    [Fact]
    public void A_port_without_usb_ids_is_taken_for_a_bridge_and_each_connection_has_its_own_reset()
    {
        Assert.Equal(Esp32Connection.UsbUartBridge, Esp32Connections.FromUsbId(null));
        Assert.Equal(Esp32BeforeMode.DefaultReset, Esp32Connections.DefaultBefore(Esp32Connection.UsbUartBridge));
        Assert.Equal(Esp32BeforeMode.UsbReset, Esp32Connections.DefaultBefore(Esp32Connection.UsbSerialJtag));
        Assert.Equal(Esp32BeforeMode.NoReset, Esp32Connections.DefaultBefore(Esp32Connection.UsbOtg));
        Assert.False(Esp32Connections.HasRealBaudRate(Esp32Connection.UsbSerialJtag));
    }

    [Fact]
    public void The_before_that_runs_is_the_connections_reset_for_DefaultReset_and_the_users_otherwise()
    {
        var otg = new Esp32InstallRequest { PortUsbId = (0x303A, 0x0009) };
        Assert.Equal(Esp32BeforeMode.NoReset, Esp32Installer.BeforeFor(otg));
        Assert.Equal(Esp32BeforeMode.UsbReset, Esp32Installer.BeforeFor(otg with { Connection = Esp32Connection.UsbSerialJtag }));
        Assert.Equal(Esp32BeforeMode.DefaultReset, Esp32Installer.BeforeFor(new Esp32InstallRequest { Port = "rfc2217://127.0.0.1:4000" }));
        Assert.Equal(Esp32BeforeMode.PycomPic, Esp32Installer.BeforeFor(otg with { Before = Esp32BeforeMode.PycomPic }));
    }

    [Fact]
    public void The_watchdog_registers_are_the_protocol_notes_per_chip()
    {
        // Each chip target carries its own watchdog, named and numbered as its target is; the ESP32 has none here.
        foreach (Esp32ChipTarget target in Esp32ChipTarget.Supported)
        {
            Assert.True(target.RtcWatchdog is null ? target.Name == "ESP32" : target.RtcWatchdog.Chip == target.Name && target.RtcWatchdog.ImageChipId == target.ImageChipId, target.Name);
        }

        Assert.Same(Esp32RtcWatchdog.S3, Esp32ChipTarget.Supported.Single(t => t.Name == "ESP32-S3").RtcWatchdog);
        Assert.Equal((0x60008098u, 0x6000809Cu, 0x600080B0u), (Esp32RtcWatchdog.S3.Config0, Esp32RtcWatchdog.S3.Config1, Esp32RtcWatchdog.S3.WriteProtect));
        Assert.Equal((0x600080ACu, 0x600080B0u, 0x8F1D312Au, 31), (Esp32RtcWatchdog.C3.SuperWatchdog!.Conf, Esp32RtcWatchdog.C3.SuperWatchdog.WriteProtect, Esp32RtcWatchdog.C3.SuperWatchdog.Key, Esp32RtcWatchdog.C3.SuperWatchdog.AutoFeedBit));
        Assert.Equal((0x600B1C04u, 0x50D83AA1u, 18), (Esp32RtcWatchdog.C6.Config1, Esp32RtcWatchdog.C6.SuperWatchdog!.Key, Esp32RtcWatchdog.C6.SuperWatchdog.AutoFeedBit));
        Assert.Equal(0xD0000102u, Esp32RtcWatchdog.ResetConfig0);
        Assert.Null(Esp32RtcWatchdog.S2.SuperWatchdog);
    }

    [Theory]
    [InlineData("ESP32-S2", 100, 0x3FFFFD14u, 0x02u, Esp32Connection.UsbOtg)]
    [InlineData("ESP32-S3", 2, 0x3FCEF14Cu, 0x03u, Esp32Connection.UsbOtg)]
    [InlineData("ESP32-S3", 2, 0x3FCEF14Cu, 0x104u, Esp32Connection.UsbSerialJtag)]
    [InlineData("ESP32-C3", 4, 0x3FCDF07Cu, 0x03u, Esp32Connection.UsbSerialJtag)]
    [InlineData("ESP32-C3", 101, 0x3FCDF078u, 0x00u, Esp32Connection.UsbUartBridge)]
    [InlineData("ESP32-C6", 1, 0x4087F580u, 0x03u, Esp32Connection.UsbSerialJtag)]
    public void The_roms_uartdev_buf_no_names_the_connection_per_chip(string chip, int revision, uint address, uint value, Esp32Connection expected)
    {
        Esp32UartDeviceVariable variable = Esp32UartDeviceVariable.ForChip(chip, revision)!;
        Assert.Equal(address, variable.Address);
        Assert.Equal(expected, variable.ConnectionOf(value));
    }

    [Fact]
    public void The_esp32_has_no_uartdev_buf_no_to_ask() => Assert.Null(Esp32UartDeviceVariable.ForChip("ESP32", 300));

    [Theory]
    [InlineData("34:85:18:0A:0B:0C", "3485180a0b0c")]
    [InlineData("3485180a0b0c1234", "3485180a0b0c")]
    [InlineData("ABC", null)]
    [InlineData("0001 serial", null)]
    [InlineData(null, null)]
    public void A_usb_serial_number_is_read_as_a_mac_in_both_espressif_forms(string? serial, string? mac) =>
        Assert.Equal(mac, Esp32PortFinder.MacOf(serial));

    private static SerialPortInfo Port(string name, string? serial, string? location) =>
        new(name) { VendorId = 0x303A, ProductId = 0x0009, SerialNumber = serial, UsbLocation = location };

    [Fact]
    public void Two_ports_matching_the_board_are_refused_not_guessed()
    {
        var finder = new Esp32PortFinder(() => [Port("/dev/ttyACM1", "34:85:18:0A:0B:0C", "1-1.3"), Port("/dev/ttyACM2", "3485180a0b0c0000", "1-1.4")], TimeSpan.Zero);
        var e = Catalogued.Throws("Esp32BoardAmbiguous", () => finder.FindAgain(Port("/dev/ttyACM0", "34:85:18:0A:0B:0C", null), CancellationToken.None));
        Assert.Contains("/dev/ttyACM1, /dev/ttyACM2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_with_neither_serial_number_nor_location_cannot_be_followed()
    {
        var finder = new Esp32PortFinder(() => [Port("/dev/ttyACM1", null, null)], TimeSpan.Zero);
        Catalogued.Throws("Esp32PortNotTraceable", () => finder.FindAgain(Port("/dev/ttyACM0", null, null), CancellationToken.None));
    }

    [Fact]
    public void Without_a_serial_number_the_usb_location_finds_the_board_and_another_boards_port_is_not_taken()
    {
        var finder = new Esp32PortFinder(() => [Port("/dev/ttyACM1", null, "1-1.4"), Port("/dev/ttyACM2", null, "1-1.3")], TimeSpan.Zero);
        Assert.Equal("/dev/ttyACM2", finder.FindAgain(Port("/dev/ttyACM0", null, "1-1.3"), CancellationToken.None));
        Catalogued.Throws("Esp32BoardNotBack", () => finder.FindAgain(Port("/dev/ttyACM0", null, "1-1.9"), CancellationToken.None));
    }
}
