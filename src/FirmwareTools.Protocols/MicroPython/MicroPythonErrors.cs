using System;

namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>The catalog entries of talking to MicroPython over the raw REPL and reading what the board says it runs.</summary>
    public static class MicroPythonErrors
    {
        public static readonly ErrorDefinition BoardNotIdentifiedId = new("BoardNotIdentified", FirmwareErrorKind.NotFound);
        public static readonly ErrorDefinition VersionUnparseableId = new("DeviceVersionUnparseable", FirmwareErrorKind.InvalidData);
        public static readonly ErrorDefinition CodeFailedId = new("MicroPythonCodeFailed", FirmwareErrorKind.DeviceError);
        public static readonly ErrorDefinition ReplProtocolErrorId = new("ReplProtocolError", FirmwareErrorKind.ProtocolError);

        // Caught by type (ReplTimeoutException: the session retries the raw REPL once); the id says what the line showed.
        public static readonly ErrorDefinition ReplBoardInBootloaderId = new("ReplBoardInBootloader", FirmwareErrorKind.Timeout);
        public static readonly ErrorDefinition ReplNoAnswerId = new("ReplNoAnswer", FirmwareErrorKind.Timeout);
        public static readonly ErrorDefinition ReplProgramRunningId = new("ReplProgramRunning", FirmwareErrorKind.Timeout);
        public static readonly ErrorDefinition ReplRawModeRefusedId = new("ReplRawModeRefused", FirmwareErrorKind.Timeout);
        public static readonly ErrorDefinition ReplNotMicroPythonId = new("ReplNotMicroPython", FirmwareErrorKind.Timeout);
        public static readonly ErrorDefinition ReplTimeoutId = new("ReplTimeout", FirmwareErrorKind.Timeout);

        /// <summary>
        /// The board answered, but nothing it said names a board id (docs/protocols/board-update.md §1.6); the module never
        /// guesses from USB ids, which many boards share.
        /// </summary>
        public static FirmwareError BoardNotIdentified(string port, string? machine, string? platform) =>
            new(BoardNotIdentifiedId,
                $"{port}: the board reports machine '{machine ?? "(none)"}' on platform '{platform ?? "(none)"}', which names no board this module knows.",
                port,
                "Pass -Board with the board id micropython.org uses for its downloads (for example PYBV11, ESP32_GENERIC_S3, RPI_PICO_W, or with a variant, ESP32_GENERIC-SPIRAM).",
                null);

        /// <summary>The board answered the version query, but with text that is not a uname tuple or sys facts.</summary>
        public static FirmwareError VersionUnparseable(string port, string detail, string text) =>
            new(VersionUnparseableId, $"{port}: {detail}: \"{text}\".", port,
                "The board may run something other than MicroPython, or a port whose uname is unusual; run os.uname() on its REPL and report the output.",
                null);

        /// <summary>The code sent to the board ran and raised: the board's own traceback ends the message.</summary>
        public static FirmwareError CodeFailed(string port, string traceback) =>
            new(CodeFailedId, $"{port}: the code raised an error on the board:{Environment.NewLine}{traceback.TrimEnd()}", port,
                "Read the traceback: the board runs an older or different firmware than the code expects.", null);

        /// <summary>The board answered, but not as the raw REPL protocol says (a missing <c>OK</c>, a bad raw-paste reply).</summary>
        public static FirmwareError ReplProtocolError(string port, string detail, string lastSeen, Exception? innerException = null) =>
            new(ReplProtocolErrorId, $"{port}: {detail}; last seen on the line: \"{lastSeen}\".", port,
                "Check that the board runs MicroPython and that nothing else uses the port; reset the board and try again.",
                innerException);
    }
}
