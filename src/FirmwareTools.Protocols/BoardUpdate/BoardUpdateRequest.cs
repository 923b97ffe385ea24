namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>What Update-Firmware was asked, the same for every board.</summary>
    public sealed class BoardUpdateRequest
    {
        /// <summary><c>latest</c> (the newest stable release), <c>preview</c> (the newest build, previews included), or a release such as <c>1.24.1</c>.</summary>
        public string Version { get; init; } = "latest";

        /// <summary>The board id to use instead of the one the board reports (<c>PYBV11</c>, <c>ESP32_GENERIC-SPIRAM</c>).</summary>
        public string? Board { get; init; }

        /// <summary>A firmware file to flash instead of downloading; its version is read from its name or banner.</summary>
        public string? Path { get; init; }

        /// <summary>Reflash a board that already runs the version; flash a board whose id differs from -Board.</summary>
        public bool Force { get; init; }

        /// <summary>Flash a board that runs a newer version than the wanted one (§5.2); without it such a board is skipped.</summary>
        public bool AllowDowngrade { get; init; }

        /// <summary>The download cache folder.</summary>
        public string CacheFolder { get; init; } = string.Empty;
    }
}
