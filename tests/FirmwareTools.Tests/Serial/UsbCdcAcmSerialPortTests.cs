using System.Net;
using System.Net.Sockets;
using FirmwareTools.Protocols.Serial;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Rp2;
using FirmwareTools.Simulators.Serial;
using FirmwareTools.Simulators.Usb;
using FirmwareTools.Tests.Common;
using Xunit;

namespace FirmwareTools.Tests.Serial;

/// <summary>
/// The module as a USB CDC ACM host (<see cref="UsbCdcAcmSerialPort"/>): against a virtual CDC ACM device whose line is a
/// virtual serial link, in process and through the loopback USB bridge as <c>usb://</c> ports, which Get-SerialPort
/// lists (<see cref="UsbBridgeSerialPorts"/>). The requests are checked as bytes against CDC PSTN 1.2.
/// </summary>
public sealed class UsbCdcAcmSerialPortTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly VirtualSerialLink link = new("CDC0");
    private readonly VirtualCdcAcmDevice device;

    public UsbCdcAcmSerialPortTests()
    {
        device = NewDevice(() => link.Host);
    }

    public void Dispose() => device.Dispose();

    [Fact]
    public void Line_coding_is_the_7_bytes_of_PSTN_table_17()
    {
        Assert.Equal(new byte[] { 0x00, 0xC2, 0x01, 0x00, 0, 0, 8 }, UsbCdcAcm.LineCoding(115200, 8, SerialStopBits.One, SerialParity.None));
        Assert.Equal(new byte[] { 0x80, 0x25, 0x00, 0x00, 2, 2, 7 }, UsbCdcAcm.LineCoding(9600, 7, SerialStopBits.Two, SerialParity.Even));
        Assert.Equal(new byte[] { 0x00, 0x10, 0x0E, 0x00, 1, 4, 5 }, UsbCdcAcm.LineCoding(921600, 5, SerialStopBits.OnePointFive, SerialParity.Space));
    }

    [Fact]
    public void The_function_is_found_where_each_descriptor_set_puts_it_and_a_bootloader_has_none()
    {
        UsbCdcAcmFunction pyboard = UsbCdcAcmFunction.Find(UsbConfigurationDescriptor.Parse(MicroPythonBoardDescriptors.Configuration()))!;
        Assert.Equal((1, 2, 0x83, 0x03, 64), (pyboard.CommunicationInterface, pyboard.DataInterface, pyboard.BulkIn, pyboard.BulkOut, pyboard.InPacketSize));
        UsbCdcAcmFunction pico = UsbCdcAcmFunction.Find(UsbConfigurationDescriptor.Parse(Rp2BootselDescriptors.MicroPythonConfiguration()))!;
        Assert.Equal((0, 1, 0x82, 0x02), (pico.CommunicationInterface, pico.DataInterface, pico.BulkIn, pico.BulkOut));
        Assert.Null(UsbCdcAcmFunction.Find(UsbConfigurationDescriptor.Parse(Stm32F405BootloaderDescriptors.Configuration())));
        Assert.Null(UsbCdcAcmFunction.Find(UsbConfigurationDescriptor.Parse(Rp2BootselDescriptors.Configuration(FirmwareTools.Protocols.Images.Rp2Chip.Rp2040))));
    }

    [Fact]
    public void Opening_claims_both_interfaces_sends_the_line_coding_and_a_baud_change_sends_it_again()
    {
        using UsbCdcAcmSerialPort port = UsbCdcAcmSerialPort.Open("usb://test", device, new SerialPortSettings());

        Assert.Equal([0, 1], device.ClaimedInterfaces.Order());
        Assert.Equal(new byte[] { 0x00, 0xC2, 0x01, 0x00, 0, 0, 8 }, device.LineCoding);
        Assert.Equal(0, device.ControlLineState);
        Assert.False(link.Device.Dtr || link.Device.Rts); // no line was asked for: none is raised

        port.BaudRate = 921600;
        Assert.Equal(new byte[] { 0x00, 0x10, 0x0E, 0x00, 0, 0, 8 }, device.LineCoding);
        Assert.Equal(921600, link.Device.HostBaudRate);
    }

    [Fact]
    public void DTR_and_RTS_go_together_in_one_SET_CONTROL_LINE_STATE()
    {
        var changes = new List<(bool Dtr, bool Rts)>();
        link.Device.ModemLinesChanged += (dtr, rts) => changes.Add((dtr, rts));
        using UsbCdcAcmSerialPort port = UsbCdcAcmSerialPort.Open("usb://test", device, new SerialPortSettings { Dtr = true, Rts = false });
        Assert.Equal(UsbCdcAcm.ControlLineDtr, device.ControlLineState);

        int before = device.ControlTransferCount;
        port.SetModemLines(dtr: false, rts: true);

        Assert.Equal(1, device.ControlTransferCount - before);
        Assert.Equal(UsbCdcAcm.ControlLineRts, device.ControlLineState);
        Assert.Equal((false, true), (link.Device.Dtr, link.Device.Rts));
        Assert.DoesNotContain((false, false), changes); // never both down on the way, never both up
        Assert.DoesNotContain((true, true), changes);
        Assert.True(port.SupportsModemLines);
    }

    [Fact]
    public void Bytes_travel_both_ways_in_packets_and_a_quiet_line_reads_nothing()
    {
        using UsbCdcAcmSerialPort port = UsbCdcAcmSerialPort.Open("usb://test", device, new SerialPortSettings());
        byte[] sent = [.. Enumerable.Range(0, 300).Select(i => (byte)(i * 7))];
        port.Write(sent, 0, sent.Length, CancellationToken.None);
        Assert.Equal(sent, ReadExactly((b, o, c, t) => link.Device.Read(b, o, c, t, CancellationToken.None), sent.Length));

        byte[] reply = [.. Enumerable.Range(0, 200).Select(i => (byte)(255 - i))];
        link.Device.Write(reply);
        Assert.Equal(reply, ReadExactly((b, o, c, t) => port.Read(b, o, c, t, CancellationToken.None), reply.Length));

        Assert.Equal(0, port.Read(new byte[16], 0, 16, TimeSpan.FromMilliseconds(30), CancellationToken.None));
    }

    [Fact]
    public void DiscardInput_drops_what_the_device_holds()
    {
        using UsbCdcAcmSerialPort port = UsbCdcAcmSerialPort.Open("usb://test", device, new SerialPortSettings());
        link.Device.Write("boot log\r\n"u8.ToArray());
        port.DiscardInput();
        link.Device.Write([0x42]);

        var one = new byte[8];
        Assert.Equal(1, port.Read(one, 0, one.Length, Patience, CancellationToken.None));
        Assert.Equal(0x42, one[0]);
    }

    [Fact]
    public void A_board_that_cuts_its_line_makes_the_port_lost()
    {
        using UsbCdcAcmSerialPort port = UsbCdcAcmSerialPort.Open("usb://test", device, new SerialPortSettings());
        link.Disconnect();

        var lost = Assert.Throws<SerialPortLostException>(() => port.Read(new byte[8], 0, 8, Patience, CancellationToken.None));
        Assert.Contains("usb://test", lost.Message, StringComparison.Ordinal);
        Assert.False(device.IsConnected);
    }

    [Fact]
    public void Closing_drops_raised_lines_in_one_request_and_closes_the_boards_side()
    {
        UsbCdcAcmSerialPort port = UsbCdcAcmSerialPort.Open("usb://test", device, new SerialPortSettings { Dtr = true, Rts = true });
        Assert.Equal(3, device.ControlLineState);

        port.Dispose();

        Assert.Equal(0, device.ControlLineState);
        Assert.Empty(device.ClaimedInterfaces);
        Assert.True(link.Device.HostClosed);
    }

    [Fact]
    public void A_usb_bridge_port_round_trips_through_the_bridge_and_is_listed_with_its_ids()
    {
        using UsbBridgeServer server = UsbBridgeServer.Start(() => NewDevice(() => link.Host));
        string name = $"usb://127.0.0.1:{server.Port}";

        SerialPortInfo listed = Assert.Single(UsbBridgeSerialPorts.List(RemoteUsbBackend.Parse($"127.0.0.1:{server.Port}")));
        Assert.Equal((name, "303a:1001", "60:55:F9:C3:00:10", "USB JTAG/serial debug unit", "Espressif"), (listed.Port, listed.Id, listed.SerialNumber, listed.Product, listed.Manufacturer));

        using ISerialPort port = SerialPorts.Open(name, new SerialPortSettings { Dtr = false, Rts = true });
        Assert.Equal((false, true), (link.Device.Dtr, link.Device.Rts));
        port.Write([0xC0, 0x00, 0x08, 0xC0], 0, 4, CancellationToken.None);
        Assert.Equal(new byte[] { 0xC0, 0x00, 0x08, 0xC0 }, ReadExactly((b, o, c, t) => link.Device.Read(b, o, c, t, CancellationToken.None), 4));
        link.Device.Write([0xC0, 0x01, 0x08, 0xC0]);
        Assert.Equal(new byte[] { 0xC0, 0x01, 0x08, 0xC0 }, ReadExactly((b, o, c, t) => port.Read(b, o, c, t, CancellationToken.None), 4));
    }

    [Fact]
    public void A_bridge_showing_a_bootloader_lists_nothing_and_opening_it_says_what_is_there()
    {
        using UsbBridgeServer server = UsbBridgeServer.Start(new VirtualUsbDevice(new UsbDeviceLocation(1, 2, "1-2"), Stm32F405BootloaderDescriptors.Device(), [Stm32F405BootloaderDescriptors.Configuration()], Stm32F405BootloaderDescriptors.Strings("3061B4493536")));
        string name = $"usb://127.0.0.1:{server.Port}";

        Assert.Empty(UsbBridgeSerialPorts.List(RemoteUsbBackend.Parse($"127.0.0.1:{server.Port}")));
        var error = Catalogued.Throws("SerialPortNotFound", () => SerialPorts.Open(name));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains("0483:df11", error.Message, StringComparison.Ordinal);
        Assert.Contains("no CDC ACM function", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bridge_port_where_nothing_listens_is_not_found_and_lists_nothing()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int free = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = Catalogued.Throws("SerialPortNotFound", () => SerialPorts.Open($"usb://127.0.0.1:{free}"));
        Assert.Contains("no USB bridge answers there", error.Message, StringComparison.Ordinal);
        Assert.Empty(UsbBridgeSerialPorts.List(RemoteUsbBackend.Parse($"127.0.0.1:{free}")));
    }

    [Fact]
    public void A_bridge_device_the_OS_already_lists_is_listed_once()
    {
        SerialPortInfo pty = new("/dev/ttyACM0") { VendorId = 0x2E8A, ProductId = 0x0005, SerialNumber = "E6614C311B8E2F37" };
        SerialPortInfo same = new("usb://127.0.0.1:40001") { VendorId = 0x2E8A, ProductId = 0x0005, SerialNumber = "e6614c311b8e2f37" };
        SerialPortInfo other = new("usb://127.0.0.1:40002") { VendorId = 0x2E8A, ProductId = 0x0005, SerialNumber = "1c2b3a4958675f6e" };
        SerialPortInfo noSerial = new("usb://127.0.0.1:40003") { VendorId = 0x303A, ProductId = 0x1001 };

        Assert.Equal(["/dev/ttyACM0", "usb://127.0.0.1:40002", "usb://127.0.0.1:40003"], SerialPortFinder.Merge([pty], [same, other, noSerial]).Select(p => p.Port));
    }

    private static VirtualCdcAcmDevice NewDevice(Func<ISerialPort> open) => new(
        new UsbDeviceLocation(1, 3, "1-3"),
        (CdcAcmDescriptors.Device(0x303A, 0x1001), CdcAcmDescriptors.Configuration()),
        CdcAcmDescriptors.Strings("Espressif", "USB JTAG/serial debug unit", "60:55:F9:C3:00:10"),
        CdcAcmLayout.Single,
        open);

    private static byte[] ReadExactly(Func<byte[], int, int, TimeSpan, int> read, int count)
    {
        var buffer = new byte[count];
        int got = 0;
        DateTime deadline = DateTime.UtcNow + Patience;
        while (got < count && DateTime.UtcNow < deadline)
        {
            got += read(buffer, got, count - got, TimeSpan.FromMilliseconds(200));
        }

        Assert.Equal(count, got);
        return buffer;
    }
}
