using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Protocols.Rp2Board
{
    /// <summary>
    /// A Raspberry Pi RP2040 or RP2350 board in BOOTSEL mode (2E8A:0003 or 2E8A:000F), as Get-Rp2Device lists it. An RP2040's
    /// BOOTSEL serial is a constant of its ROM (E0C9125B0D9B on every B2 chip), so two RP2040 boards are told apart by
    /// <see cref="Location"/>; an RP2350's is its unique chip id.
    /// </summary>
    public sealed class Rp2Device
    {
        internal Rp2Device(IUsbDevice usb, Rp2Chip chip, string? serialNumber, bool picobootReachable, string? picobootProblem, string? driveMountPoint)
        {
            Usb = usb;
            Chip = chip;
            SerialNumber = serialNumber;
            PicobootReachable = picobootReachable;
            PicobootProblem = picobootProblem;
            DriveMountPoint = driveMountPoint;
        }

        public Rp2Chip Chip { get; }

        /// <summary>The BOOTSEL serial number; null when the device could not be opened to read it.</summary>
        public string? SerialNumber { get; }

        /// <summary>Where the board is plugged in (bus-port path such as 1-1.3): the way to tell RP2040 boards apart.</summary>
        public string Location => Usb.Location.PortPath;

        public ushort VendorId => Rp2.Rp2UsbIds.VendorId;

        public ushort ProductId => Chip == Rp2Chip.Rp2040 ? Rp2.Rp2UsbIds.Rp2040Bootsel : Rp2.Rp2UsbIds.Rp2350Bootsel;

        /// <summary>True when libusb could open the device, so Install-Rp2Firmware can write and verify over PICOBOOT.</summary>
        public bool PicobootReachable { get; }

        /// <summary>Why PICOBOOT cannot be used (no access, no WinUSB driver, PICOBOOT disabled); null when it can.</summary>
        public string? PicobootProblem { get; }

        /// <summary>Where the board's BOOTSEL drive (RPI-RP2 / RP2350) is mounted; null when it is not mounted or not found.</summary>
        public string? DriveMountPoint { get; }

        internal IUsbDevice Usb { get; }

        public override string ToString() => $"{(Chip == Rp2Chip.Rp2040 ? "RP2040" : "RP2350")} {SerialNumber ?? "(serial unknown)"} at {Location}";
    }
}
