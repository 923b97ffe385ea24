using System.Globalization;

namespace FirmwareTools.Simulators.Usb;

/// <summary>
/// A sysfs-shaped folder (what <c>FIRMWARETOOLS_SYSFS_ROOT</c> points the module's Linux port listing at) holding CDC-ACM
/// ports of virtual USB devices, so <c>Get-SerialPort</c> shows their USB ids, serial number and location. Entries come and
/// go as the virtual devices re-enumerate.
/// </summary>
public sealed class FakeUsbSerialSysfs : IDisposable
{
    private readonly bool owned;

    /// <param name="root">The folder to write into; null makes a temporary one, deleted on dispose.</param>
    public FakeUsbSerialSysfs(string? root = null)
    {
        owned = root is null;
        Root = root ?? Directory.CreateTempSubdirectory("ft-usb-sysfs-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, "class", "tty"));
        Directory.CreateDirectory(Path.Combine(Root, "bus", "usb", "devices"));
    }

    public string Root { get; }

    /// <summary>A CDC-ACM device at USB path <paramref name="location"/> (1-1.3) with its tty (ttyACM0), as the cdc_acm driver lays it out.</summary>
    public void Plug(string location, string tty, ushort vendorId, ushort productId, string? serial, string manufacturer, string product)
    {
        string device = Path.Combine(Root, "bus", "usb", "devices", location);
        string iface = device + ":1.0";
        Write(Path.Combine(device, "idVendor"), vendorId.ToString("x4", CultureInfo.InvariantCulture));
        Write(Path.Combine(device, "idProduct"), productId.ToString("x4", CultureInfo.InvariantCulture));
        Write(Path.Combine(device, "busnum"), location.Split('-')[0]);
        Write(Path.Combine(device, "manufacturer"), manufacturer);
        Write(Path.Combine(device, "product"), product);
        if (serial is not null)
        {
            Write(Path.Combine(device, "serial"), serial);
        }
        else
        {
            File.Delete(Path.Combine(device, "serial"));
        }

        Write(Path.Combine(iface, "bInterfaceNumber"), "00");
        Write(Path.Combine(iface, "uevent"), "DEVTYPE=usb_interface\nDRIVER=cdc_acm");
        Directory.CreateDirectory(Path.Combine(iface, "tty", tty));
        Write(Path.Combine(Root, "class", "tty", tty, "device", "uevent"), "DEVTYPE=usb_interface\nDRIVER=cdc_acm");
        Write(Path.Combine(Root, "class", "tty", tty, "dev"), "166:0");
    }

    /// <summary>The device at <paramref name="location"/> and its tty disappear (unplugged, or re-enumerating).</summary>
    public void Unplug(string location, string tty)
    {
        Delete(Path.Combine(Root, "class", "tty", tty));
        Delete(Path.Combine(Root, "bus", "usb", "devices", location + ":1.0"));
        Delete(Path.Combine(Root, "bus", "usb", "devices", location));
    }

    public void Dispose()
    {
        if (owned)
        {
            Delete(Root);
        }
    }

    private static void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content + "\n");
    }

    private static void Delete(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
