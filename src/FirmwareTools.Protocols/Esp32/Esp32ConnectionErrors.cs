namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// The catalog entries of failures of the chip's own USB connections (docs/protocols/esp32-family.md §3.5): a board whose
    /// port re-enumerated is found again by its USB serial number or location, never by guessing, and these say why it
    /// could not be.
    /// </summary>
    public static class Esp32ConnectionErrors
    {
        public static readonly ErrorDefinition BoardNotBackId = new("Esp32BoardNotBack", FirmwareErrorKind.NotFound);

        public static readonly ErrorDefinition PortNotTraceableId = new("Esp32PortNotTraceable", FirmwareErrorKind.NotFound);

        public static readonly ErrorDefinition BoardAmbiguousId = new("Esp32BoardAmbiguous", FirmwareErrorKind.InvalidArgument);

        /// <summary>The port vanished on a reset and no port with the board's serial number or location came back in time.</summary>
        public static FirmwareError BoardNotBack(string port, string identity, System.TimeSpan waited) =>
            new(BoardNotBackId,
                $"The board on {port} re-enumerated when it was reset and did not come back within {waited.TotalSeconds:0.#} s: no serial port with {identity} appeared.",
                port,
                "Unplug the board and plug it in again (hold BOOT while plugging it in to start the ROM loader), then run the command again with the port Get-SerialPort shows for it.");

        /// <summary>The port vanished on a reset and the listing gave it neither a USB serial number nor a location to find it by.</summary>
        public static FirmwareError PortNotTraceable(string port) =>
            new(PortNotTraceableId,
                $"The board on {port} re-enumerated when it was reset, and {port} has no USB serial number or USB location to find it again by; another port is not taken on a guess.",
                port,
                "Run the command again with the port the board has now (Get-SerialPort lists it).");

        /// <summary>More than one port matches the board's serial number or location after re-enumeration.</summary>
        public static FirmwareError BoardAmbiguous(string port, string identity, string candidates) =>
            new(BoardAmbiguousId,
                $"The board on {port} re-enumerated when it was reset, and more than one port matches {identity} ({candidates}); none is taken on a guess.",
                port,
                "Unplug the other boards, or run the command again with the port the board has now (Get-SerialPort lists it).");
    }
}
