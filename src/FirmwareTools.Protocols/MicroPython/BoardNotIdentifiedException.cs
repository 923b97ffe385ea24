namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>
    /// The board answered, but nothing it said names a board id (docs/protocols/board-update.md §1.6); the module never
    /// guesses from USB ids, which many boards share.
    /// </summary>
    public sealed class BoardNotIdentifiedException : FirmwareToolsException
    {
        public BoardNotIdentifiedException(string port, string? machine, string? platform)
            : base(
                $"{port}: the board reports machine '{machine ?? "(none)"}' on platform '{platform ?? "(none)"}', which names no board this module knows.",
                port,
                "Pass -Board with the board id micropython.org uses for its downloads (for example PYBV11, ESP32_GENERIC_S3, RPI_PICO_W, or with a variant, ESP32_GENERIC-SPIRAM).",
                null)
        {
            Machine = machine;
            Platform = platform;
        }

        /// <summary>What the board reported as its machine, verbatim.</summary>
        public string? Machine { get; }

        /// <summary>What the board reported as sys.platform, verbatim.</summary>
        public string? Platform { get; }

        public override string ErrorId => "BoardNotIdentified";

        public override FirmwareErrorKind Kind => FirmwareErrorKind.NotFound;
    }
}
