using System.Globalization;

namespace FirmwareTools.Protocols.Serial
{
    /// <summary>
    /// One serial port of this machine and, where the OS knows it, the USB device behind it. <see cref="UsbLocation"/>
    /// has the form of <see cref="Dfu.DfuDevice.PortPath"/> (bus-port.port, as dfu-util prints it), so a board's serial
    /// port and its DFU interface can be matched while it stays in the same socket.
    /// </summary>
    public sealed class SerialPortInfo
    {
        public SerialPortInfo(string port) => Port = port;

        /// <summary>The name to open: COM5, /dev/ttyUSB0, /dev/cu.usbserial-0001. Named Port so Get-SerialPort | Get-DeviceVersion binds it.</summary>
        public string Port { get; }

        /// <summary>What the OS calls the port or its device (the USB product string, a Windows friendly name).</summary>
        public string? Description { get; set; }

        public HexUsbId? VendorId { get; set; }

        public HexUsbId? ProductId { get; set; }

        public string? SerialNumber { get; set; }

        public string? Manufacturer { get; set; }

        public string? Product { get; set; }

        /// <summary>USB interface number of the serial function on a composite device (CP2105, ESP32-S3), when known.</summary>
        public int? InterfaceNumber { get; set; }

        /// <summary>Bus-port.port path of the USB device, as <see cref="Dfu.DfuDevice.PortPath"/> has it; null for non-USB ports.</summary>
        public string? UsbLocation { get; set; }

        /// <summary>The kernel driver (Linux: cdc_acm, cp210x, ftdi_sio, ch341); null where unknown.</summary>
        public string? Driver { get; set; }

        /// <summary>"vvvv:pppp" in lowercase hex as lsusb prints it; null for non-USB ports.</summary>
        public string? Id => VendorId.HasValue && ProductId.HasValue
            ? string.Format(CultureInfo.InvariantCulture, "{0:x4}:{1:x4}", VendorId.Value, ProductId.Value)
            : null;

        public bool IsUsb => VendorId.HasValue;

        /// <summary>What this vendor:product id usually is (a MicroPython board, a USB-UART chip), with a tip where one helps.</summary>
        public string? KnownAs => VendorId.HasValue && ProductId.HasValue ? KnownSerialDevices.Describe(VendorId.Value, ProductId.Value) : null;

        public override string ToString() => Id is null ? Port : $"{Port} ({Id})";
    }
}
