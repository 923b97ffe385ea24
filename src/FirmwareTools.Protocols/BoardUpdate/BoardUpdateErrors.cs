using System;
using System.Collections.Generic;
using System.Linq;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>The catalog entries of Update-Firmware's failures (docs/protocols/board-update.md §4 and §5.3).</summary>
    public static class BoardUpdateErrors
    {
        public static readonly ErrorDefinition BoardMismatchId = new("UpdateBoardMismatch", FirmwareErrorKind.InvalidData);

        public static readonly ErrorDefinition FamilyNotSupportedId = new("UpdateFamilyNotSupported", FirmwareErrorKind.InvalidArgument);

        public static readonly ErrorDefinition NoUniqueIdId = new("UpdateNoUniqueId", FirmwareErrorKind.InvalidArgument);

        public static readonly ErrorDefinition BootloaderRefusedId = new("UpdateBootloaderRefused", FirmwareErrorKind.DeviceError);

        public static readonly ErrorDefinition BootloaderNotFoundId = new("UpdateBootloaderNotFound", FirmwareErrorKind.Timeout);

        public static readonly ErrorDefinition BootloaderAmbiguousId = new("UpdateBootloaderAmbiguous", FirmwareErrorKind.InvalidArgument);

        public static readonly ErrorDefinition StillInBootloaderId = new("UpdateStillInBootloader", FirmwareErrorKind.DeviceError);

        public static readonly ErrorDefinition NotBackId = new("UpdateBoardNotBack", FirmwareErrorKind.Timeout);

        public static readonly ErrorDefinition VersionNotConfirmedId = new("UpdateVersionNotConfirmed", FirmwareErrorKind.DeviceError);

        public static readonly ErrorDefinition OtherBoardAnsweredId = new("UpdateOtherBoardAnswered", FirmwareErrorKind.DeviceError);

        public static readonly ErrorDefinition WouldEraseFilesystemId = new("UpdateWouldEraseFilesystem", FirmwareErrorKind.InvalidData);

        public static readonly ErrorDefinition VersionInvalidId = new("UpdateVersionInvalid", FirmwareErrorKind.InvalidArgument);

        public static readonly ErrorDefinition FirmwareVersionUnknownId = new("UpdateFirmwareVersionUnknown", FirmwareErrorKind.InvalidData);

        /// <summary>-Board names another board than the one that answered (§1.6, §5.2).</summary>
        public static FirmwareError BoardMismatch(string port, string reported, string given) =>
            new(BoardMismatchId, $"{port}: the board reports itself as {reported}, but -Board says {given}; it was not touched.", port,
                $"Check that {port} is the board you mean; use -Force to flash {given} firmware on it anyway.");

        /// <summary>The board's family or chip has no route into its bootloader in this module yet.</summary>
        public static FirmwareError FamilyNotSupported(string port, string board, string why) =>
            new(FamilyNotSupportedId, $"{port}: {board} cannot be updated by Update-Firmware: {why}. It was not touched.", port,
                "Put the board into its bootloader by hand and use the family's Install- cmdlet (Install-PyboardFirmware, Install-Esp32Firmware, Install-Rp2Firmware).");

        /// <summary>The board gave no <c>machine.unique_id()</c>, so the board that comes back could not be told from another (§5.3).</summary>
        public static FirmwareError NoUniqueId(string port, string board) =>
            new(NoUniqueIdId, $"{port}: {board} has no machine.unique_id(), so the board that comes back after flashing could not be proven to be this one; it was not touched.", port,
                "Update it with the family's Install- cmdlet after putting it into its bootloader by hand.");

        /// <summary><c>machine.bootloader()</c> raised or was not acknowledged (§3.0 step 5).</summary>
        public static FirmwareError BootloaderRefused(string port, string board, string seen, Exception? inner) =>
            new(BootloaderRefusedId, $"{port}: {board} did not accept machine.bootloader(): {seen}. It still runs its old firmware.", port,
                "Put the board into its bootloader by hand (pyboard: DFU pin to 3V3 and reset; Pico: hold BOOTSEL while resetting) and use the family's Install- cmdlet.", inner);

        /// <summary>No bootloader device that is this board appeared within the wait (§2.2, §4).</summary>
        public static FirmwareError BootloaderNotFound(string port, string board, string expected, TimeSpan waited, IReadOnlyCollection<string> appeared) =>
            new(BootloaderNotFoundId,
                $"{port}: after machine.bootloader() {board} was expected to appear as {expected} within {Seconds(waited)} s; {Appeared(appeared)}. Its serial port is gone, so it is probably in its bootloader without a driver, or off the bus.",
                port,
                "Check the USB cable and the bootloader's driver (Windows: WinUSB through Zadig), then run Update-Firmware again or unplug and replug the board.");

        /// <summary>Several new bootloader devices appeared and none can be told to be this board (§2.2 rule 4).</summary>
        public static FirmwareError BootloaderAmbiguous(string port, string board, string expected, IReadOnlyCollection<string> candidates) =>
            new(BootloaderAmbiguousId,
                $"{port}: after machine.bootloader() {board} should appear as {expected}, but {candidates.Count} bootloader devices appeared and none matches it: {string.Join("; ", candidates)}. Nothing was written.",
                port,
                "Update these boards one at a time (-ThrottleLimit 1), or unplug the others; the boards listed are in their bootloader now and can be flashed with the family's Install- cmdlet.");

        /// <summary>The board left the bootloader but came back into it (the DFU jumper, the S3 force bit; §4).</summary>
        public static FirmwareError StillInBootloader(string port, string board, string device, string firmware) =>
            new(StillInBootloaderId,
                $"{port}: {board} was flashed with {firmware} and told to start it, but it came back as {device} in its bootloader, not as MicroPython.",
                port,
                "Remove the DFU/BOOT jumper (or release the BOOT button) and press RESET; the new firmware is written and verified.");

        /// <summary>The application's REPL did not answer within the wait after flashing (§5.3 step 1).</summary>
        public static FirmwareError NotBack(string port, string board, string firmware, TimeSpan waited, string lastState) =>
            new(NotBackId,
                $"{port}: {board} was flashed with {firmware}, but its REPL did not answer on {port} within {Seconds(waited)} s; {lastState}.",
                port,
                "Press RESET on the board and check it with Get-DeviceVersion; run Update-Firmware again if it still runs the old version.");

        /// <summary>The board answered after flashing with another version than the one written (§5.3 step 3: the image was not taken).</summary>
        public static FirmwareError VersionNotConfirmed(string port, string board, string wanted, string reported, string firmware) =>
            new(VersionNotConfirmedId,
                $"{port}: {board} was flashed with {firmware} ({wanted}), but afterwards it reports {reported}: the new image is not what runs.",
                port,
                "Check that the file is for this board and that the bootloader took it (a DFU jumper, a UF2 for another chip), then run Update-Firmware again with -Force.");

        /// <summary>Another board answered on the port after flashing (§5.3 step 3: "another id").</summary>
        public static FirmwareError OtherBoardAnswered(string port, string board, string uniqueIdBefore, string uniqueIdAfter) =>
            new(OtherBoardAnsweredId,
                $"{port}: {board} had unique id {uniqueIdBefore}, but the board that answered on {port} after flashing has {uniqueIdAfter}: the port now belongs to another board, and the one flashed was not confirmed.",
                port,
                "Update the boards one at a time (-ThrottleLimit 1) and check each with Get-DeviceVersion.");

        /// <summary>-Path names a file whose MicroPython version cannot be read, so the result could not be confirmed.</summary>
        public static FirmwareError FirmwareVersionUnknown(string path) =>
            new(FirmwareVersionUnknownId,
                $"The version of '{path}' cannot be told: its name is not a micropython.org download name (BOARD-YYYYMMDD-vX.Y.Z.ext) and it carries no 'MicroPython vX.Y.Z on DATE' banner. Nothing was written.",
                path,
                "Use a file from micropython.org or Save-Firmware, whose name says its version.");

        /// <summary>An update keeps the board's files; this file would erase them (docs/protocols/board-update.md §3.1).</summary>
        public static FirmwareError WouldEraseFilesystem(string port, string firmware, string effect) =>
            new(WouldEraseFilesystemId,
                $"{port}: flashing {firmware} {effect}; Update-Firmware keeps the board's files, so nothing was written. The board is in its bootloader now.",
                port,
                "Use a firmware file that leaves the filesystem sectors alone (micropython.org's .dfu files do), or flash this one with Install-PyboardFirmware, which asks first.");

        /// <summary>-Version is neither latest, preview nor a version; no board was read.</summary>
        public static FirmwareError VersionInvalid(string version) =>
            new(VersionInvalidId, $"-Version '{version}' is not latest, preview or a release such as 1.24.1; no board was touched.", version,
                "Give -Version latest, -Version preview, or a release number as micropython.org lists it (Save-Firmware -Board PYBV11 -ListAvailable).");

        private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

        private static string Appeared(IReadOnlyCollection<string> appeared) =>
            appeared.Count == 0 ? "no bootloader device appeared" : "what appeared instead: " + string.Join("; ", appeared.Take(8));
    }
}
