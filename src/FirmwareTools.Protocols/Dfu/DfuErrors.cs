using System.Globalization;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// The catalog entries of DFU 1.1 and DfuSe: the device's own status codes, broken conversations, flash plans that
    /// cannot be flashed, ranges and layouts, verify failures, and USB ids typed by the user.
    /// </summary>
    public static class DfuErrors
    {
        public static readonly ErrorDefinition LayoutInvalidId = new("DfuSeLayoutInvalid", FirmwareErrorKind.InvalidData);
        public static readonly ErrorDefinition RangeNotReadableId = new("DfuRangeNotReadable", FirmwareErrorKind.InvalidArgument);
        public static readonly ErrorDefinition VerifyFailedId = new("DfuVerifyFailed", FirmwareErrorKind.ChecksumMismatch);
        public static readonly ErrorDefinition InvalidUsbIdId = new("InvalidUsbId", FirmwareErrorKind.InvalidArgument);

        /// <summary>Caught by type (<see cref="DfuDeviceLostException"/>): the flasher says whether flash was changed.</summary>
        public static readonly ErrorDefinition DeviceLostId = new("DfuDeviceLost", FirmwareErrorKind.DeviceError);

        /// <summary>Caught by type (<see cref="DfuTimeoutException"/>): DfuSe recovery decides on it.</summary>
        public static readonly ErrorDefinition TimeoutId = new("DfuTimeout", FirmwareErrorKind.Timeout);

        // Caught by type (DfuProtocolException: DfuSe recovery decides on it); the id names the case.
        public static readonly ErrorDefinition NotInDfuModeId = new("DfuNotInDfuMode", FirmwareErrorKind.ProtocolError);
        public static readonly ErrorDefinition DeviceLeavingId = new("DfuDeviceLeaving", FirmwareErrorKind.ProtocolError);
        public static readonly ErrorDefinition CannotReachIdleId = new("DfuCannotReachIdle", FirmwareErrorKind.ProtocolError);
        public static readonly ErrorDefinition UnexpectedStateId = new("DfuUnexpectedState", FirmwareErrorKind.ProtocolError);
        public static readonly ErrorDefinition ShortStateId = new("DfuShortState", FirmwareErrorKind.ProtocolError);
        public static readonly ErrorDefinition ShortStatusId = new("DfuShortStatus", FirmwareErrorKind.ProtocolError);
        public static readonly ErrorDefinition ShortUploadId = new("DfuShortUpload", FirmwareErrorKind.ProtocolError);
        public static readonly ErrorDefinition RequestRefusedId = new("DfuRequestRefused", FirmwareErrorKind.ProtocolError);
        public static readonly ErrorDefinition WriteFailedId = new("DfuWriteFailed", FirmwareErrorKind.ProtocolError);

        // Caught by type (DfuFlashPlanException: the pyboard installer rewords FirmwareOutsideFlash for -Address, Get-FirmwareInfo shows the problem).
        public static readonly ErrorDefinition FirmwareEmptyId = new("FirmwareEmpty", FirmwareErrorKind.InvalidData);
        public static readonly ErrorDefinition FirmwareTargetNotOnDeviceId = new("FirmwareTargetNotOnDevice", FirmwareErrorKind.InvalidData);
        public static readonly ErrorDefinition FirmwareOutsideFlashId = new("FirmwareOutsideFlash", FirmwareErrorKind.InvalidData);
        public static readonly ErrorDefinition FirmwareNotWritableId = new("FirmwareNotWritable", FirmwareErrorKind.InvalidData);
        public static readonly ErrorDefinition FirmwareNotErasableId = new("FirmwareNotErasable", FirmwareErrorKind.InvalidData);
        public static readonly ErrorDefinition FirmwareElementsOverlapId = new("FirmwareElementsOverlap", FirmwareErrorKind.InvalidData);
        public static readonly ErrorDefinition FirmwareTargetForbiddenId = new("FirmwareTargetForbidden", FirmwareErrorKind.InvalidData);

        // Caught by type (DfuStatusException: DfuSe recovery reads the status); "Dfu" + the spec name of bStatus.
        public static readonly ErrorDefinition StatusOkId = new("DfuStatus00", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition ErrTargetId = new("DfuErrTarget", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition ErrFileId = new("DfuErrFile", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition ErrWriteId = new("DfuErrWrite", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition ErrEraseId = new("DfuErrErase", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition ErrCheckErasedId = new("DfuErrCheckErased", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition ErrProgId = new("DfuErrProg", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition ErrVerifyId = new("DfuErrVerify", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition ErrAddressId = new("DfuErrAddress", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition ErrNotDoneId = new("DfuErrNotDone", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition ErrFirmwareId = new("DfuErrFirmware", FirmwareErrorKind.DeviceError);

        /// <summary>errVENDOR, which on an ST ROM means read protection (RDP level 1).</summary>
        public static readonly ErrorDefinition ReadProtectedId = new("DfuReadProtected", FirmwareErrorKind.PermissionDenied);
        public static readonly ErrorDefinition ErrUsbResetId = new("DfuErrUsbReset", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition ErrPowerOnResetId = new("DfuErrPowerOnReset", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition ErrUnknownId = new("DfuErrUnknown", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition ErrStalledPktId = new("DfuErrStalledPkt", FirmwareErrorKind.DeviceError);

        /// <summary>A bStatus byte the DFU 1.1 specification does not define (above errSTALLEDPKT).</summary>
        public static readonly ErrorDefinition StatusOutOfSpecId = new("DfuStatusOutOfSpec", FirmwareErrorKind.DeviceError);

        /// <summary>The catalog entry of a status the device reported.</summary>
        public static ErrorDefinition ForStatus(DfuStatusCode status) => status switch
        {
            DfuStatusCode.OK => StatusOkId,
            DfuStatusCode.errTARGET => ErrTargetId,
            DfuStatusCode.errFILE => ErrFileId,
            DfuStatusCode.errWRITE => ErrWriteId,
            DfuStatusCode.errERASE => ErrEraseId,
            DfuStatusCode.errCHECK_ERASED => ErrCheckErasedId,
            DfuStatusCode.errPROG => ErrProgId,
            DfuStatusCode.errVERIFY => ErrVerifyId,
            DfuStatusCode.errADDRESS => ErrAddressId,
            DfuStatusCode.errNOTDONE => ErrNotDoneId,
            DfuStatusCode.errFIRMWARE => ErrFirmwareId,
            DfuStatusCode.errVENDOR => ReadProtectedId,
            DfuStatusCode.errUSBR => ErrUsbResetId,
            DfuStatusCode.errPOR => ErrPowerOnResetId,
            DfuStatusCode.errUNKNOWN => ErrUnknownId,
            DfuStatusCode.errSTALLEDPKT => ErrStalledPktId,
            _ => StatusOutOfSpecId,
        };

        /// <summary>An alternate setting's name is not a DfuSe memory layout we can read.</summary>
        public static FirmwareError LayoutInvalid(string layout, string problem) =>
            new(LayoutInvalidId, $"The DfuSe memory layout \"{layout}\" cannot be read: {problem}.", layout,
                "The device reports a memory map this module does not understand; report the string above to the FirmwareTools project.", null);

        /// <summary>A requested read range is empty or leaves the readable memory of the device's layout.</summary>
        public static FirmwareError RangeNotReadable(uint address, long length, string layout, string problem) =>
            new(RangeNotReadableId,
                $"Cannot read {length.ToString(CultureInfo.InvariantCulture)} bytes at 0x{address.ToString("X8", CultureInfo.InvariantCulture)}: {problem} (layout \"{layout}\").",
                layout,
                "Give an address and length inside the readable memory of the layout, or omit them to read all of it.",
                null);

        /// <summary>What was read back differs from what was written, at the first differing address.</summary>
        public static FirmwareError VerifyFailed(uint address, byte expected, byte actual, string? device) =>
            new(VerifyFailedId,
                $"Verify failed on {device}: the byte at 0x{address.ToString("X8", CultureInfo.InvariantCulture)} reads 0x{actual.ToString("X2", CultureInfo.InvariantCulture)} " +
                $"but 0x{expected.ToString("X2", CultureInfo.InvariantCulture)} was written. The firmware on the board is not what was flashed.",
                device,
                "Flash the board again; if the same address fails again, the flash may be worn or write-protected (check the option bytes).",
                null);

        /// <summary>A vendor or product ID given by the user is not a 16-bit number or hex string.</summary>
        public static FirmwareError InvalidUsbId(string value, string problem) =>
            new(InvalidUsbIdId, $"'{value}' is not a USB vendor or product ID: {problem}.", value,
                "Give a number from 0 to 65535, or up to four hex digits such as 0483, 0x0483 or df11.", null);
    }
}
