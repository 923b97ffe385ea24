using System;
using System.Collections.Generic;
using System.Linq;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Rp2;
using FirmwareTools.Protocols.Usb;

namespace FirmwareTools.Protocols.Rp2Board
{
    /// <summary>Lists the boards in BOOTSEL mode on a USB bus (2E8A:0003 RP2040, 2E8A:000F RP2350) and MicroPython rp2 boards still running (2E8A:0005).</summary>
    public static class Rp2DeviceFinder
    {
        /// <summary>
        /// Every BOOTSEL board on <paramref name="backend"/>, in bus order. <paramref name="drives"/> finds mounted drives per
        /// chip (default <see cref="Rp2DriveLocator.Find"/>); a drive is attributed to a board when it is the only board of its chip.
        /// </summary>
        public static IReadOnlyList<Rp2Device> Find(IUsbBackend backend, OperationLog? log = null, Func<Rp2Chip, IReadOnlyList<string>>? drives = null)
        {
            if (backend is null)
            {
                throw new ArgumentNullException(nameof(backend));
            }

            var found = new List<(IUsbDevice Usb, Rp2Chip Chip)>();
            foreach (IUsbDevice usb in backend.GetDevices())
            {
                Rp2Chip? chip = ChipOf(usb);
                if (chip.HasValue)
                {
                    found.Add((usb, chip.Value));
                }
            }

            Func<Rp2Chip, IReadOnlyList<string>> locate = drives ?? Rp2DriveLocator.Find;
            return found.Select(f =>
            {
                IReadOnlyList<string> mounted = found.Count(o => o.Chip == f.Chip) == 1 ? locate(f.Chip) : Array.Empty<string>();
                return Probe(f.Usb, f.Chip, mounted.Count == 1 ? mounted[0] : null, log);
            }).ToList();
        }

        /// <summary>How many MicroPython rp2 boards (2E8A:0005) are on the bus: boards that are running, not in BOOTSEL.</summary>
        public static int CountRunningBoards(IUsbBackend backend) =>
            backend.GetDevices().Count(d => Ids(d) == (Rp2UsbIds.VendorId, Rp2UsbIds.MicroPython));

        internal static Rp2Chip? ChipOf(IUsbDevice usb)
        {
            (ushort vendor, ushort product) = Ids(usb);
            if (vendor != Rp2UsbIds.VendorId)
            {
                return null;
            }

            return product == Rp2UsbIds.Rp2040Bootsel ? Rp2Chip.Rp2040 : product == Rp2UsbIds.Rp2350Bootsel ? Rp2Chip.Rp2350 : (Rp2Chip?)null;
        }

        private static (ushort Vendor, ushort Product) Ids(IUsbDevice usb)
        {
            try
            {
                var descriptor = UsbDeviceDescriptor.Parse(usb.GetDeviceDescriptor(), usb.Location.ToString());
                return (descriptor.VendorId, descriptor.ProductId);
            }
            catch (Exception e) when (e is UsbTransferException || e is UsbDescriptorFormatException)
            {
                return (0, 0);
            }
        }

        private static Rp2Device Probe(IUsbDevice usb, Rp2Chip chip, string? drive, OperationLog? log)
        {
            var descriptor = UsbDeviceDescriptor.Parse(usb.GetDeviceDescriptor(), usb.Location.ToString());
            string name = $"{(chip == Rp2Chip.Rp2040 ? "RP2040" : "RP2350")} at {usb.Location.PortPath}";
            PicobootInterface? picoboot = PicobootInterface.Find(UsbConfigurationDescriptor.Parse(usb.GetConfigurationDescriptor(0), name));
            string? serial = null;
            string? problem = picoboot is null ? "the board has no PICOBOOT interface (disabled in OTP); only its drive can be written" : null;
            try
            {
                usb.Open();
                serial = new UsbStringReader(usb, log).Read(descriptor.SerialNumberIndex);
            }
            catch (UsbAccessDeniedException e)
            {
                problem = e.Message + " " + e.RecommendedAction;
                log.Warning($"{name}: {e.Message} It is listed without its serial number; -Method Drive can still copy to its drive.");
            }

            var device = new Rp2Device(usb, chip, serial, problem is null, problem, drive);
            log.Verbose($"Found {device} (PICOBOOT {(device.PicobootReachable ? "reachable" : "not reachable")}{(drive is null ? string.Empty : ", drive " + drive)}).");
            return device;
        }
    }
}
