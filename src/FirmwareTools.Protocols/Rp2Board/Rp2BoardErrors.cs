using System;

namespace FirmwareTools.Protocols.Rp2Board
{
    /// <summary>
    /// The catalog entries of flashing a Raspberry Pi Pico: choosing the board in BOOTSEL mode, the board profile, the two
    /// ways to write (PICOBOOT, the drive) and verifying. The installer words each message, which names the board or drive.
    /// </summary>
    public static class Rp2BoardErrors
    {
        public static readonly ErrorDefinition DeviceNotFoundId = new("Rp2DeviceNotFound", FirmwareErrorKind.NotFound);
        public static readonly ErrorDefinition DeviceAmbiguousId = new("Rp2DeviceAmbiguous", FirmwareErrorKind.InvalidArgument);
        public static readonly ErrorDefinition BoardUnknownId = new("Rp2BoardUnknown", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition PicobootUnreachableId = new("Rp2PicobootUnreachable", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition DriveNotMountedId = new("Rp2DriveNotMounted", FirmwareErrorKind.NotFound);
        public static readonly ErrorDefinition DriveCopyNotAcceptedId = new("Rp2DriveCopyNotAccepted", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition DriveCopyFailedId = new("Rp2DriveCopyFailed", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition VerifyFailedId = new("Rp2VerifyFailed", FirmwareErrorKind.ChecksumMismatch);

        /// <summary>No board in BOOTSEL mode matches (none at all, or none with the serial number asked for).</summary>
        public static FirmwareError DeviceNotFound(string message, string? serialNumber, string recommendedAction) =>
            new(DeviceNotFoundId, message, serialNumber, recommendedAction, null);

        /// <summary>Several boards are in BOOTSEL mode and nothing says which one to write.</summary>
        public static FirmwareError DeviceAmbiguous(string message, string recommendedAction) =>
            new(DeviceAmbiguousId, message, null, recommendedAction, null);

        /// <summary>-Board names no board profile, or one with another chip than the board in BOOTSEL mode.</summary>
        public static FirmwareError BoardUnknown(string message, string? target, string recommendedAction, Exception? innerException = null) =>
            new(BoardUnknownId, message, target, recommendedAction, innerException);

        /// <summary>-Method Picoboot on a board whose PICOBOOT interface cannot be used (no libusb, no permission, no interface).</summary>
        public static FirmwareError PicobootUnreachable(string message, string? target, string recommendedAction, Exception? innerException = null) =>
            new(PicobootUnreachableId, message, target, recommendedAction, innerException);

        /// <summary>-Method Drive with no mounted BOOTSEL drive, or a path that is not the board's drive.</summary>
        public static FirmwareError DriveNotMounted(string message, string? target, string recommendedAction, Exception? innerException = null) =>
            new(DriveNotMountedId, message, target, recommendedAction, innerException);

        /// <summary>The file was copied to the drive, but the board did not leave BOOTSEL mode: the boot ROM refused it.</summary>
        public static FirmwareError DriveCopyNotAccepted(string message, string? target, string recommendedAction, Exception? innerException = null) =>
            new(DriveCopyNotAcceptedId, message, target, recommendedAction, innerException);

        /// <summary>The copy to the board's drive failed.</summary>
        public static FirmwareError DriveCopyFailed(string message, string? target, string recommendedAction, Exception? innerException = null) =>
            new(DriveCopyFailedId, message, target, recommendedAction, innerException);

        /// <summary>Flash read back over PICOBOOT differs from what was written: never success. The board stays in BOOTSEL.</summary>
        public static FirmwareError VerifyFailed(string device, uint address, byte expected, byte actual) =>
            new(VerifyFailedId,
                $"Verification failed on {device}: the byte at 0x{address:X8} reads 0x{actual:X2}, 0x{expected:X2} was written. The board was not rebooted and stays in BOOTSEL mode.",
                device, "Run Install-Rp2Firmware again; if the same address fails, the flash chip is worn or damaged.", null);
    }
}
