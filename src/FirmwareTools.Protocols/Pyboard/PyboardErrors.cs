using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FirmwareTools.Protocols.Dfu;
using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Protocols.Pyboard
{
    /// <summary>The catalog entries of choosing a pyboard in DFU mode and checking a file against it, before anything is written.</summary>
    public static class PyboardErrors
    {
        public static readonly ErrorDefinition DeviceAmbiguousId = new("DfuDeviceAmbiguous", FirmwareErrorKind.InvalidArgument);
        public static readonly ErrorDefinition DeviceNotFoundId = new("DfuDeviceNotFound", FirmwareErrorKind.NotFound);
        public static readonly ErrorDefinition DeviceNotSupportedId = new("DfuDeviceNotSupported", FirmwareErrorKind.InvalidArgument);
        public static readonly ErrorDefinition FirmwareDeviceMismatchId = new("FirmwareDeviceMismatch", FirmwareErrorKind.InvalidData);
        public static readonly ErrorDefinition RawImageNeedsAddressId = new("RawImageNeedsAddress", FirmwareErrorKind.InvalidArgument);

        /// <summary>Several boards are in DFU mode and none was named: flashing "the" board would be a guess.</summary>
        public static FirmwareError DeviceAmbiguous(IReadOnlyList<DfuDevice> candidates) =>
            new(DeviceAmbiguousId,
                $"{candidates.Count} boards are in DFU mode: {string.Join("; ", candidates.Select(d => d.ToString()))}. Nothing was written.",
                string.Join(", ", candidates.Select(d => d.SerialNumber ?? d.PortPath)),
                "Pick one with -SerialNumber, or pipe the boards you mean: Get-DfuDevice | Install-PyboardFirmware ... flashes each in turn.",
                null);

        /// <summary>No board in DFU mode matched: the usual cause is a board that is not in its bootloader.</summary>
        public static FirmwareError DeviceNotFound(string? serialNumber) =>
            new(DeviceNotFoundId,
                serialNumber is null
                    ? "No STM32 board in DFU mode was found on the USB bus."
                    : $"No STM32 board in DFU mode with serial number {serialNumber} was found on the USB bus.",
                serialNumber,
                "Put the board in DFU mode: fit the DFU jumper (DFU pin to 3V3) and press RST, or run machine.bootloader() at its REPL. Get-DfuDevice should then list it (0483:df11).",
                null);

        /// <summary>The device is a DFU device, but not one this operation can drive (run-time mode, not ST DfuSe, no readable or writable internal flash).</summary>
        public static FirmwareError DeviceNotSupported(string device, string problem, string recommendedAction) =>
            new(DeviceNotSupportedId, $"{device}: {problem}. Nothing was written.", device, recommendedAction, null);

        /// <summary>The file's DFU suffix names other USB ids than the device's (dfu-util: "File ID does not match device").</summary>
        public static FirmwareError FirmwareDeviceMismatch(string path, DfuSuffix suffix, DfuDevice device) =>
            new(FirmwareDeviceMismatchId,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "The firmware file '{0}' is marked for USB device {1:x4}:{2:x4} in its DFU suffix, but {3} is {4:x4}:{5:x4}. Nothing was written.",
                    path, suffix.VendorId, suffix.ProductId, device, device.VendorId, device.ProductId),
                path,
                "Use firmware built for this board; if you are sure the file is right (a hand-made file with wrong ids), run again with -Force.",
                null);

        /// <summary>A raw image (a backup, a .bin) carries no address; flashing it at a guessed one could overwrite the wrong sectors.</summary>
        public static FirmwareError RawImageNeedsAddress(string path, string format) =>
            new(RawImageNeedsAddressId,
                $"The firmware file '{path}' is a {format} image with no address of its own. Nothing was written.",
                path,
                "Give the address it belongs at, e.g. -Address 0x08000000 to restore a full backup (the backup's .json sidecar records its address).",
                null);
    }
}
