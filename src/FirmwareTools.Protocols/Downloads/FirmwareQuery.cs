namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>Which firmware the user asks for.</summary>
    public sealed class FirmwareQuery
    {
        public FirmwareQuery(string board) => Board = board;

        public string Board { get; }

        /// <summary>Null picks the source from the board name (Pycom boards go to Pycom, the rest to MicroPython).</summary>
        public FirmwareSource? Source { get; init; }

        /// <summary>An exact version (v1.22.2, 1.22.2, 1.20.2.rc11) or "latest"; null is latest.</summary>
        public string? Version { get; init; }

        /// <summary>SPIRAM, THREAD...; null is the board's standard build.</summary>
        public string? Variant { get; init; }

        /// <summary>Let "latest" pick preview builds, and list them.</summary>
        public bool IncludePreview { get; init; }
    }
}
