using FirmwareTools.Protocols.Serial;
using FirmwareTools.Protocols.Usb;
using FirmwareTools.Simulators.Rp2;
using FirmwareTools.Simulators.Usb;

namespace FirmwareTools.Simulators.Lab;

/// <summary>
/// The lab's boards as USB CDC ACM devices on a loopback bridge (<see cref="ServedLab"/>): one new device per bridge
/// connection, as each open of a tty is its own, whose line is the board's port opened when the host claims the data
/// interface. The ids are the ones the real boards enumerate with: a pyboard f055:9800 with its USB serial, a Pico
/// 2e8a:0005 with its unique id, an ESP32 DevKit's CH9102 1A86:55D4, an ESP32-S2/S3's TinyUSB 303A:4001 or its ROM's
/// port, a C3's USB-Serial/JTAG 303A:1001.
/// </summary>
public static class LabCdcDevices
{
    /// <summary>A running pyboard or Pico's USB REPL.</summary>
    public static VirtualUsbDevice ForApplication(LabBoard board, int index)
    {
        ArgumentNullException.ThrowIfNull(board);
        UsbDeviceLocation location = LocationOf(index);
        return board switch
        {
            LabPyboard p => new VirtualCdcAcmDevice(
                location,
                (MicroPythonBoardDescriptors.Device(), MicroPythonBoardDescriptors.Configuration()),
                MicroPythonBoardDescriptors.Strings(p.UsbSerial),
                CdcAcmLayout.Pyboard,
                () => board.Open(null)),
            _ => new VirtualCdcAcmDevice(
                location,
                (Rp2BootselDescriptors.MicroPythonDevice(), Rp2BootselDescriptors.MicroPythonConfiguration()),
                Rp2BootselDescriptors.MicroPythonStrings(board.UniqueIdHex),
                CdcAcmLayout.Single,
                () => board.Open(null)),
        };
    }

    /// <summary>
    /// An ESP32 DevKit's USB-UART bridge chip, a WCH CH9102 (1A86:55D4), which is a CDC ACM device: on the bus whatever the
    /// chip does, its DTR and RTS driving EN and GPIO0 through the DevKit's two transistors (docs/protocols/esp32-rom-loader.md §3.1).
    /// </summary>
    public static VirtualUsbDevice ForBridgeChip(LabBoard board, int index)
    {
        ArgumentNullException.ThrowIfNull(board);
        return new VirtualCdcAcmDevice(
            LocationOf(index),
            (CdcAcmDescriptors.Device(0x1A86, 0x55D4), CdcAcmDescriptors.Configuration()),
            CdcAcmDescriptors.Strings("wch.cn", "USB Single Serial", "5A" + board.UniqueIdHex[^8..].ToUpperInvariant()),
            CdcAcmLayout.Single,
            () => board.Open(null));
    }

    /// <summary>
    /// An ESP32-S2/S3 on native USB or a C3 on its USB-Serial/JTAG: whichever port the board lists now (the TinyUSB port
    /// or the ROM's), or, between the two, a device that has already left the bus.
    /// </summary>
    public static VirtualUsbDevice ForEsp32(LabBoard board, int index)
    {
        ArgumentNullException.ThrowIfNull(board);
        SerialPortInfo? now = board.Listing().FirstOrDefault();
        if (now is null)
        {
            var gone = new VirtualCdcAcmDevice(LocationOf(index), (CdcAcmDescriptors.Device(0x303A, 0x0000), CdcAcmDescriptors.Configuration()), CdcAcmDescriptors.Strings("Espressif", "(re-enumerating)", string.Empty), CdcAcmLayout.Single, () => throw new InvalidOperationException("gone"));
            gone.Disconnect();
            return gone;
        }

        ushort vid = now.VendorId!.Value.Value;
        ushort pid = now.ProductId!.Value.Value;
        string manufacturer = pid == 0x4001 ? "MicroPython" : "Espressif";
        return new VirtualCdcAcmDevice(
            LocationOf(index),
            (CdcAcmDescriptors.Device(vid, pid), CdcAcmDescriptors.Configuration()),
            CdcAcmDescriptors.Strings(manufacturer, now.Product ?? "USB JTAG/serial debug unit", now.SerialNumber ?? string.Empty),
            CdcAcmLayout.Single,
            () => board.OpenNamed(now.Port, null));
    }

    private static UsbDeviceLocation LocationOf(int index) => new(1, (byte)(10 + index), $"1-{index + 1}");
}
