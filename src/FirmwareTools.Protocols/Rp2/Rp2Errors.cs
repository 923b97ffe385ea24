using System;

namespace FirmwareTools.Protocols.Rp2
{
    /// <summary>The catalog entries of PICOBOOT, the RP2040/RP2350 boot ROM's USB interface.</summary>
    public static class Rp2Errors
    {
        public static readonly ErrorDefinition BadAlignmentId = new("PicobootBadAlignment", FirmwareErrorKind.InvalidArgument);
        public static readonly ErrorDefinition CommandFailedId = new("PicobootCommandFailed", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition InterfaceBusyId = new("PicobootInterfaceBusy", FirmwareErrorKind.ResourceBusy);
        public static readonly ErrorDefinition ProtocolErrorId = new("PicobootProtocolError", FirmwareErrorKind.ProtocolError);

        /// <summary>
        /// A flash command refused on the host before it was sent: unaligned or outside flash. Checked here because the RP2040
        /// ROM acknowledges a failed FLASH_ERASE with status OK and erases nothing.
        /// </summary>
        public static FirmwareError BadAlignment(string device, string problem) =>
            new(BadAlignmentId, $"Not sent to {device}: {problem}.", device,
                "This is a bug in the caller: flash is erased in 4 KiB sectors and written in 256-byte pages inside flash.", null);

        /// <summary>The boot ROM refused a PICOBOOT command: it stalled, and IF_CMD_STATUS named the reason (or recorded none).</summary>
        public static FirmwareError CommandFailed(string device, PicobootCommand command, PicobootCommandStatus? status) =>
            new(CommandFailedId,
                status is null
                    ? $"The boot ROM of {device} stalled {command} and recorded no status."
                    : $"The boot ROM of {device} refused {command}: {PicobootNames.Status(status.Code)} ({(uint)status.Code}).",
                device, AdviceFor(status), null);

        /// <summary>libusb works, but another program (picotool, a second PowerShell, a driver) holds the PICOBOOT interface.</summary>
        public static FirmwareError InterfaceBusy(string device, PicobootInterface picoboot, Exception inner) =>
            new(InterfaceBusyId, $"The PICOBOOT {picoboot} of {device} is claimed by another program ({inner.Message.TrimEnd('.')}).", device,
                "Close the other program (picotool, another PowerShell session) and try again, or use -Method Drive to copy the file to the board's drive.", inner);

        /// <summary>The device answered outside the PICOBOOT protocol (a short data phase, data where a zero-length ACK belongs, a malformed status).</summary>
        public static FirmwareError ProtocolError(string device, string problem) =>
            new(ProtocolErrorId, $"{device} broke the PICOBOOT protocol: {problem}.", device,
                "Replug the board in BOOTSEL mode and try again; if it repeats, the device is not an RP2040/RP2350 boot ROM.", null);

        private static string AdviceFor(PicobootCommandStatus? status)
        {
            switch (status?.Code)
            {
                case PicobootStatusCode.Rebooting:
                    return "The board is rebooting; wait until it is back in BOOTSEL mode and try again.";
                case PicobootStatusCode.InterleavedWrite:
                    return "Something is copying to the board's drive at the same time; let it finish or unplug and retry.";
                case PicobootStatusCode.NotPermitted:
                    return "The board's partition table or OTP settings forbid this; check them with picotool info.";
                default:
                    return "Hold BOOTSEL, replug the board and try again; the board stays in BOOTSEL mode until it is written.";
            }
        }
    }
}
