using FirmwareTools.Protocols.Serial;
using Xunit;

namespace FirmwareTools.Tests.Serial;

/// <summary>Get-SerialPort's readers: Linux on a fake sysfs tree, macOS on ioreg-shaped text, Windows' hardware id parsing.</summary>
public sealed class SerialPortListingTests : IDisposable
{
    private readonly FakeSysfs sysfs = new();

    public void Dispose() => sysfs.Dispose();

    [Fact]
    public void Linux_lists_usb_serial_and_cdc_acm_ports_with_their_usb_facts_and_skips_virtual_and_placeholder_ttys()
    {
        sysfs.UsbSerial("1-1.2", "ttyUSB0", "cp210x", "10c4", "ea60", "0001", "Silicon Labs", "CP2102N USB to UART Bridge Controller")
             .UsbSerial("1-1.4", "ttyACM0", "cdc_acm", "f055", "9800", "206F35A3424D", "MicroPython", "Pyboard Virtual Comm Port in FS Mode", interfaceNumber: 1)
             .UsbSerial("3-2", "ttyUSB10", "ch341", "1a86", "7523", null, null, "USB Serial")
             .UsbSerial("3-1", "ttyUSB2", "ftdi_sio", "0403", "6001", "A50285BI", "FTDI", "FT232R USB UART")
             .File("class/tty/ttyS0/device/uevent", "DRIVER=serial")          // a real 16550 (pnp): listed without ids
             .File("class/tty/ttyS5/device/uevent", "DRIVER=serial8250")      // placeholder: skipped
             .File("class/tty/tty1/dev", "4:1")                                // virtual console: no device, skipped
             .File("class/tty/ptmx/dev", "5:2");

        IReadOnlyList<SerialPortInfo> ports = new LinuxSerialPortReader(sysfs.Root).Read();

        Assert.Equal(new[] { "/dev/ttyACM0", "/dev/ttyS0", "/dev/ttyUSB0", "/dev/ttyUSB2", "/dev/ttyUSB10" }, ports.Select(p => p.Port));
        SerialPortInfo cp210x = ports.Single(p => p.Port == "/dev/ttyUSB0");
        Assert.Equal((ushort)0x10C4, cp210x.VendorId);
        Assert.Equal((ushort)0xEA60, cp210x.ProductId);
        Assert.Equal("10c4:ea60", cp210x.Id);
        Assert.Equal("0001", cp210x.SerialNumber);
        Assert.Equal("Silicon Labs", cp210x.Manufacturer);
        Assert.Equal("CP2102N USB to UART Bridge Controller", cp210x.Product);
        Assert.Equal("1-1.2", cp210x.UsbLocation);
        Assert.Equal("cp210x", cp210x.Driver);
        Assert.Equal(0, cp210x.InterfaceNumber);
        Assert.Contains("CP210x", cp210x.KnownAs, StringComparison.Ordinal);

        SerialPortInfo acm = ports.Single(p => p.Port == "/dev/ttyACM0");
        Assert.Equal("f055:9800", acm.Id);
        Assert.Equal("206F35A3424D", acm.SerialNumber);
        Assert.Equal("1-1.4", acm.UsbLocation);
        Assert.Equal(1, acm.InterfaceNumber);
        Assert.Equal("cdc_acm", acm.Driver);
        Assert.Contains("MicroPython", acm.KnownAs, StringComparison.Ordinal);

        SerialPortInfo ch340 = ports.Single(p => p.Port == "/dev/ttyUSB10");
        Assert.Null(ch340.SerialNumber);
        Assert.Null(ch340.Manufacturer);
        Assert.Equal("3-2", ch340.UsbLocation);

        SerialPortInfo uart = ports.Single(p => p.Port == "/dev/ttyS0");
        Assert.Null(uart.VendorId);
        Assert.Null(uart.Id);
        Assert.Null(uart.UsbLocation);
        Assert.False(uart.IsUsb);
        Assert.Equal("serial", uart.Description);
    }

    [Fact]
    public void Linux_6_5_serial_core_port_devices_name_the_hardware_driver_not_port()
    {
        // Since Linux 6.5 ttyS0/device is the serial core's "port" device under a "ctrl" device under the UART's own
        // (issue 16, item 10: /dev/ttyS0 showed "Product: port"); placeholders resolve to serial8250 and stay skipped.
        sysfs.File("devices/pnp0/00:00/uevent", "DRIVER=serial")
             .File("devices/pnp0/00:00/00:00:0/uevent", "DEVTYPE=ctrl\nDRIVER=ctrl")
             .File("devices/pnp0/00:00/00:00:0/00:00:0.0/uevent", "DEVTYPE=port\nDRIVER=port")
             .File("devices/platform/serial8250/uevent", "DRIVER=serial8250")
             .File("devices/platform/serial8250/serial8250:0/uevent", "DEVTYPE=ctrl\nDRIVER=ctrl")
             .File("devices/platform/serial8250/serial8250:0/serial8250:0.1/uevent", "DEVTYPE=port\nDRIVER=port")
             .Dir("class/tty/ttyS0")
             .Dir("class/tty/ttyS1");
        File.CreateSymbolicLink(Path.Combine(sysfs.Root, "class/tty/ttyS0/device"), "../../../devices/pnp0/00:00/00:00:0/00:00:0.0");
        File.CreateSymbolicLink(Path.Combine(sysfs.Root, "class/tty/ttyS1/device"), "../../../devices/platform/serial8250/serial8250:0/serial8250:0.1");

        SerialPortInfo uart = Assert.Single(new LinuxSerialPortReader(sysfs.Root).Read());

        Assert.Equal("/dev/ttyS0", uart.Port);
        Assert.Equal("serial", uart.Driver);
        Assert.Equal("serial", uart.Description);
    }

    [Fact]
    public void Linux_6_5_port_devices_are_followed_as_the_real_sysfs_lays_them_out()
    {
        // On the real /sys, class/tty/ttyS0 is itself a link into devices/, and its "device" link is relative to where
        // it really is (../../../00:00:0.0): read against the unresolved class/tty/ttyS0 it would land outside the tree.
        sysfs.File("devices/pnp0/00:00/uevent", "DRIVER=serial")
             .File("devices/pnp0/00:00/00:00:0/uevent", "DEVTYPE=ctrl\nDRIVER=ctrl")
             .File("devices/pnp0/00:00/00:00:0/00:00:0.0/uevent", "DEVTYPE=port\nDRIVER=port")
             .File("devices/pnp0/00:00/00:00:0/00:00:0.0/tty/ttyS0/dev", "4:64")
             .Dir("class/tty");
        File.CreateSymbolicLink(Path.Combine(sysfs.Root, "devices/pnp0/00:00/00:00:0/00:00:0.0/tty/ttyS0/device"), "../../../00:00:0.0");
        Directory.CreateSymbolicLink(Path.Combine(sysfs.Root, "class/tty/ttyS0"), "../../devices/pnp0/00:00/00:00:0/00:00:0.0/tty/ttyS0");

        SerialPortInfo uart = Assert.Single(new LinuxSerialPortReader(sysfs.Root).Read());

        Assert.Equal("serial", uart.Driver);
        Assert.Equal("serial", uart.Description);
    }

    [Fact]
    public void Linux_without_a_tty_class_lists_nothing()
    {
        Assert.Empty(new LinuxSerialPortReader(Path.Combine(sysfs.Root, "missing")).Read());
    }

    [Fact]
    public void Filter_selects_by_vendor_product_and_name()
    {
        sysfs.UsbSerial("1-1", "ttyUSB0", "cp210x", "10c4", "ea60", "A", null, null)
             .UsbSerial("1-2", "ttyUSB1", "cp210x", "10c4", "ea60", "B", null, null)
             .UsbSerial("1-3", "ttyACM0", "cdc_acm", "f055", "9800", "C", null, null);
        IReadOnlyList<SerialPortInfo> ports = new LinuxSerialPortReader(sysfs.Root).Read();
        Assert.Equal(new[] { "/dev/ttyUSB0", "/dev/ttyUSB1" }, SerialPortFinder.Filter(ports, 0x10C4, null).Select(p => p.Port));
        Assert.Equal(new[] { "/dev/ttyACM0" }, SerialPortFinder.Filter(ports, null, 0x9800).Select(p => p.Port));
        Assert.Equal(new[] { "/dev/ttyUSB1" }, SerialPortFinder.Filter(ports, null, null, n => n.EndsWith('1')).Select(p => p.Port));
    }

    [Fact]
    public void The_sysfs_root_comes_from_FIRMWARETOOLS_SYSFS_ROOT()
    {
        Assert.Equal("FIRMWARETOOLS_SYSFS_ROOT", LinuxSerialPortReader.SysfsRootVariable);
        string? before = Environment.GetEnvironmentVariable(LinuxSerialPortReader.SysfsRootVariable);
        try
        {
            Environment.SetEnvironmentVariable(LinuxSerialPortReader.SysfsRootVariable, sysfs.Root);
            Assert.Equal(sysfs.Root, LinuxSerialPortReader.FromEnvironment().SysfsRoot);
            Environment.SetEnvironmentVariable(LinuxSerialPortReader.SysfsRootVariable, null);
            Assert.Equal("/sys", LinuxSerialPortReader.FromEnvironment().SysfsRoot);
        }
        finally
        {
            Environment.SetEnvironmentVariable(LinuxSerialPortReader.SysfsRootVariable, before);
        }
    }

    [Fact]
    public void MacOS_ioreg_text_gives_callout_ports_with_the_usb_device_above_them()
    {
        const string ioreg = """
+-o CP2102N USB to UART Bridge Controller@14120000  <class IOUSBHostDevice, id 0x100000a1b, registered, matched, active, busy 0 (12 ms), retain 28>
  | {
  |   "sessionID" = 1167011842401
  |   "idProduct" = 60000
  |   "USB Product Name" = "CP2102N USB to UART Bridge Controller"
  |   "USB Vendor Name" = "Silicon Labs"
  |   "idVendor" = 4292
  |   "USB Serial Number" = "3c3a5d1e9c47ed11"
  |   "locationID" = 336723968
  | }
  |
  +-o IOUSBHostInterface@0  <class IOUSBHostInterface, id 0x100000a1e, registered, matched, active, busy 0 (5 ms), retain 7>
    | {
    |   "bInterfaceNumber" = 0
    | }
    |
    +-o AppleUSBSLCOM  <class AppleUSBSLCOM, id 0x100000a25, registered, matched, active, busy 0 (0 ms), retain 6>
      +-o IOSerialBSDClient  <class IOSerialBSDClient, id 0x100000a27, registered, matched, active, busy 0 (0 ms), retain 5>
          {
            "IOTTYBaseName" = "usbserial-"
            "IOCalloutDevice" = "/dev/cu.usbserial-3c3a5d1e9c47ed11"
            "IODialinDevice" = "/dev/tty.usbserial-3c3a5d1e9c47ed11"
          }

+-o Pyboard Virtual Comm Port in FS Mode@14200000  <class IOUSBHostDevice, id 0x100000b00, registered, matched, active, busy 0 (3 ms), retain 20>
  | {
  |   "idProduct" = 38912
  |   "USB Vendor Name" = "MicroPython"
  |   "idVendor" = 61525
  |   "locationID" = 337641472
  | }
  |
  +-o IOUSBHostInterface@1  <class IOUSBHostInterface, id 0x100000b03, registered, matched, active, busy 0 (1 ms), retain 7>
    +-o AppleUSBACMData  <class AppleUSBACMData, id 0x100000b08, registered, matched, active, busy 0 (0 ms), retain 6>
      +-o IOSerialBSDClient  <class IOSerialBSDClient, id 0x100000b0a, registered, matched, active, busy 0 (0 ms), retain 5>
          {
            "IOCalloutDevice" = "/dev/cu.usbmodem14201"
            "IODialinDevice" = "/dev/tty.usbmodem14201"
          }
""";
        IReadOnlyList<SerialPortInfo> ports = MacSerialPortReader.Parse(ioreg);
        Assert.Equal(new[] { "/dev/cu.usbmodem14201", "/dev/cu.usbserial-3c3a5d1e9c47ed11" }, ports.Select(p => p.Port));
        SerialPortInfo cp = ports[1];
        Assert.Equal("10c4:ea60", cp.Id);
        Assert.Equal("3c3a5d1e9c47ed11", cp.SerialNumber);
        Assert.Equal("Silicon Labs", cp.Manufacturer);
        Assert.Equal("CP2102N USB to UART Bridge Controller", cp.Product);
        Assert.Equal("20-1.2", cp.UsbLocation);
        SerialPortInfo pyb = ports[0];
        Assert.Equal("f055:9800", pyb.Id);
        Assert.Null(pyb.SerialNumber);
        Assert.Equal("20-2", pyb.UsbLocation);
    }

    [Theory]
    [InlineData(0x14120000u, "20-1.2")]
    [InlineData(0x14200000u, "20-2")]
    [InlineData(0x01312400u, "1-3.1.2.4")]
    public void MacOS_locationID_becomes_the_libusb_port_path(uint location, string expected)
    {
        Assert.Equal(expected, MacSerialPortReader.LocationToPortPath(location));
    }

    [Theory]
    [InlineData("VID_10C4&PID_EA60", "0001", "10c4:ea60", "0001", null)]
    [InlineData("VID_303A&PID_1001&MI_00", "6&2b1c3d&0&0000", "303a:1001", null, 0)]
    [InlineData("VID_04D8&PID_EF98&MI_01", "7&1a2b&0&0001", "04d8:ef98", null, 1)]
    public void Windows_hardware_ids_give_vendor_product_interface_and_a_real_serial_only(string hardware, string instance, string id, string? serial, int? interfaceNumber)
    {
        var info = new SerialPortInfo("COM5");
        WindowsSerialPortReader.ApplyHardwareId(info, hardware, instance);
        Assert.Equal(id, info.Id);
        Assert.Equal(serial, info.SerialNumber);
        Assert.Equal(interfaceNumber, info.InterfaceNumber);
    }

    [Theory]
    [InlineData(0xF055, 0x9800, "MicroPython")]
    [InlineData(0x0483, 0x5740, "pyboard")]
    [InlineData(0x10C4, 0xEA60, "CP210x")]
    [InlineData(0x0403, 0x6001, "FTDI")]
    [InlineData(0x1A86, 0x7523, "CH340")]
    [InlineData(0x04D8, 0xEF98, "-Before PycomPic")]
    [InlineData(0x04D8, 0xF012, "-Before PycomPic")]
    [InlineData(0x04D8, 0xF013, "-Before PycomPic")]
    [InlineData(0x303A, 0x1001, "USB-JTAG")]
    public void Known_ids_are_named(int vid, int pid, string expected)
    {
        Assert.Contains(expected, KnownSerialDevices.Describe((ushort)vid, (ushort)pid), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_ids_are_not_named()
    {
        Assert.Null(KnownSerialDevices.Describe(0x1234, 0x5678));
    }
}
