using System;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>One board's outcome, one object per board in input order (issue 19 item 6).</summary>
    public sealed class BoardUpdateResult
    {
        private readonly string? currentPort;

        public BoardUpdateResult(string port, BoardUpdateAction action, TimeSpan elapsed)
        {
            Port = port;
            Action = action;
            Elapsed = elapsed;
        }

        /// <summary>The port the board was given as (the row's identity: results come in the order of these).</summary>
        public string Port { get; }

        /// <summary>
        /// The port the board's application is on now: <see cref="Port"/>, unless the board came back under another name (an
        /// ESP32-S2/S3 on native USB re-enumerates, docs/protocols/board-update.md §2.3) and its route found it there, for an
        /// Updated board and for a Failed one alike. The next command on the board takes this one.
        /// </summary>
        public string CurrentPort
        {
            get => currentPort ?? Port;
            init => currentPort = value;
        }

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

        /// <summary>
        /// The result of a board whose run threw <paramref name="error"/>: what it was, where it was left, and the port its
        /// application is on now if its route found it under another name before the failure.
        /// </summary>
        public static BoardUpdateResult Failed(BoardUpdateContext context, FirmwareToolsException error)
        {
            if (context is null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            BoardUpdatePlan plan = context.Plan;
            return new BoardUpdateResult(plan.Port, BoardUpdateAction.Failed, context.Elapsed)
            {
                Board = plan.Identity.FullName,
                Before = plan.Before,
                Firmware = plan.FirmwareName,
                UniqueId = plan.Survey.UniqueId,
                Stage = context.Stage,
                CurrentPort = context.CurrentPort,
                Error = error ?? throw new ArgumentNullException(nameof(error)),
            };
        }

        public override string ToString() =>
            $"{Port}{(string.Equals(CurrentPort, Port, StringComparison.Ordinal) ? string.Empty : " (now " + CurrentPort + ")")}: {Board} {Before} -> {After} {Action}";
    }
}
