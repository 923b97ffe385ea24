using System;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>One board's outcome, one object per board in input order (issue 19 item 6).</summary>
    public sealed class BoardUpdateResult
    {
        public BoardUpdateResult(string port, BoardUpdateAction action, TimeSpan elapsed)
        {
            Port = port;
            Action = action;
            Elapsed = elapsed;
        }

        public string Port { get; }

        /// <summary>The board id (<c>PYBV11</c>, <c>ESP32_GENERIC</c>, <c>RPI_PICO2</c>), null when the board could not be identified.</summary>
        public string? Board { get; init; }

        /// <summary>The version the board ran before (<c>v1.22.2</c>).</summary>
        public string? Before { get; init; }

        /// <summary>The version it reported afterwards, read again over its REPL; for AlreadyCurrent the same as <see cref="Before"/>.</summary>
        public string? After { get; init; }

        public BoardUpdateAction Action { get; }

        /// <summary>The firmware file's name (the file flashed, or the one that would have been).</summary>
        public string? Firmware { get; init; }

        public TimeSpan Elapsed { get; }

        /// <summary>The board's <c>machine.unique_id()</c> in hex, read before and confirmed after.</summary>
        public string? UniqueId { get; init; }

        /// <summary>Where the board was left, for a Failed board (old firmware, its bootloader, the new firmware unconfirmed).</summary>
        public BoardUpdateStage Stage { get; init; }

        /// <summary>The failure of a Failed board (also written as its error record).</summary>
        public FirmwareToolsException? Error { get; init; }

        public override string ToString() => $"{Port}: {Board} {Before} -> {After} {Action}";
    }
}
