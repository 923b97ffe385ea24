using System;
using System.Diagnostics;
using System.Threading;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>
    /// One board's run: its plan, the file, where the board is now (read by another thread when Ctrl+C stops the lab),
    /// and the channels to report on.
    /// </summary>
    public sealed class BoardUpdateContext
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private int stage;
        private string? bootloaderDevice;
        private string? currentPort;

        public BoardUpdateContext(BoardUpdatePlan plan)
        {
            Plan = plan ?? throw new ArgumentNullException(nameof(plan));
        }

        public BoardUpdatePlan Plan { get; }

        public string Port => Plan.Port;

        /// <summary>
        /// The port the board's application is on now: <see cref="Port"/> until a route finds it again under another name
        /// (an ESP32 on native USB re-enumerates, docs/protocols/board-update.md §2.3); the confirmation reads it there.
        /// </summary>
        public string CurrentPort
        {
            get => Volatile.Read(ref currentPort) ?? Port;
            set => Volatile.Write(ref currentPort, value);
        }

        /// <summary>The firmware file being flashed, once fetched.</summary>
        public string FirmwarePath { get; set; } = string.Empty;

        public OperationLog? Log { get; set; }

        public IProgress<OperationProgress>? Progress { get; set; }

        public BoardUpdateStage Stage
        {
            get => (BoardUpdateStage)Volatile.Read(ref stage);
            set => Volatile.Write(ref stage, (int)value);
        }

        /// <summary>The bootloader device the board became (<c>0483:df11 3061B4493536</c>), once found.</summary>
        public string? BootloaderDevice
        {
            get => Volatile.Read(ref bootloaderDevice);
            set => Volatile.Write(ref bootloaderDevice, value);
        }

        public TimeSpan Elapsed => clock.Elapsed;

        /// <summary>One step of the board's progress activity ("Bootloader", "Restart", "Confirm").</summary>
        public void Step(string phase, bool done = false) =>
            Progress?.Report(new OperationProgress(phase, done ? 1 : 0, 1, clock.Elapsed, Port, done) { Unit = "steps" });

        /// <summary>What Ctrl+C says about this board.</summary>
        public string DescribeStage() => Stage switch
        {
            BoardUpdateStage.OldFirmware => $"still on its old firmware ({Plan.Before})",
            BoardUpdateStage.EnteringBootloader => "on its way into its bootloader (machine.bootloader() was sent); if it does not come back, press RESET",
            BoardUpdateStage.InBootloader => $"in its bootloader{(BootloaderDevice is null ? string.Empty : " as " + BootloaderDevice)}, nothing written; press RESET to return to the old firmware",
            BoardUpdateStage.Flashing => $"in its bootloader{(BootloaderDevice is null ? string.Empty : " as " + BootloaderDevice)} with its firmware half written: run Update-Firmware again before resetting it",
            BoardUpdateStage.Restarting => $"on the new firmware ({Plan.FirmwareName}), written and verified, not yet confirmed over its REPL",
            _ => $"on the new firmware ({Plan.FirmwareName})",
        };
    }
}
