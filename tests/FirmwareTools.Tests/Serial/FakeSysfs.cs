namespace FirmwareTools.Tests.Serial;

/// <summary>A sysfs-shaped tree of plain directories and attribute files, built per test.</summary>
internal sealed class FakeSysfs : IDisposable
{
    public FakeSysfs() => Root = Directory.CreateTempSubdirectory("ft-sysfs-").FullName;

    public string Root { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    public FakeSysfs File(string relative, string content)
    {
        string path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content + "\n");
        return this;
    }

    public FakeSysfs Dir(string relative)
    {
        Directory.CreateDirectory(Path.Combine(Root, relative));
        return this;
    }

    /// <summary>A USB device at <paramref name="path"/> (1-1.2) with one interface holding a tty, as the given driver lays it out.</summary>
    public FakeSysfs UsbSerial(string path, string tty, string driver, string vid, string pid, string? serial, string? manufacturer, string? product, int interfaceNumber = 0)
    {
        string device = $"bus/usb/devices/{path}";
        string iface = $"bus/usb/devices/{path}:1.{interfaceNumber}";
        File($"{device}/idVendor", vid).File($"{device}/idProduct", pid).File($"{device}/busnum", path.Split('-')[0]);
        if (serial is not null)
        {
            File($"{device}/serial", serial);
        }

        if (manufacturer is not null)
        {
            File($"{device}/manufacturer", manufacturer);
        }

        if (product is not null)
        {
            File($"{device}/product", product);
        }

        File($"{iface}/bInterfaceNumber", interfaceNumber.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        File($"{iface}/uevent", $"DEVTYPE=usb_interface\nDRIVER={driver}");
        // cdc_acm puts the tty under tty/; usb-serial drivers (cp210x, ftdi_sio, ch341) put ttyUSBn directly in the interface.
        Dir(driver == "cdc_acm" ? $"{iface}/tty/{tty}" : $"{iface}/{tty}");
        File($"class/tty/{tty}/device/uevent", driver == "cdc_acm" ? $"DEVTYPE=usb_interface\nDRIVER={driver}" : $"DRIVER={driver}");
        return File($"class/tty/{tty}/dev", "188:0");
    }
}
