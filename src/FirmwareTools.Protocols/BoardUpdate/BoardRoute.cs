using System;
using System.Collections.Generic;
using System.Threading;
using FirmwareTools.Protocols.MicroPython;
using FirmwareTools.Protocols.Serial;

namespace FirmwareTools.Protocols.BoardUpdate
{
    /// <summary>
    /// One family's way into its bootloader and back (docs/protocols/board-update.md §3): each route is one class
    /// (<see cref="PyboardRoute"/>, <see cref="Esp32BridgeRoute"/>, <see cref="Rp2Route"/>), so a new connection (an
    /// ESP32-S3 on native USB, a C3 on USB-Serial/JTAG) is a new class, not a branch in another.
    /// </summary>
    public abstract class BoardRoute
    {
        /// <summary>mpremote's statement (§0, §3.0): the 100 ms lets <c>OK</c> leave before USB goes down.</summary>
        public const string BootloaderStatement = "import time, machine\ntime.sleep_ms(100)\nmachine.bootloader()\n";

        protected BoardRoute(BoardUpdateWorld world)
        {
            World = world ?? throw new ArgumentNullException(nameof(world));
        }

        /// <summary>How the board gets into its bootloader, for -Verbose and the documentation.</summary>
        public abstract string Description { get; }

        /// <summary>The file's extension this family takes from micropython.org (<c>dfu</c>, <c>bin</c>, <c>uf2</c>).</summary>
        public abstract string FirmwareExtension { get; }

        protected BoardUpdateWorld World { get; }

        /// <summary>The USB serial numbers the board's bootloader may show (none where the route finds it otherwise).</summary>
        public virtual IEnumerable<string> BootloaderSerials(BoardSurvey survey) => Array.Empty<string>();

        /// <summary>Refuses a file that is not for this family, before the board is touched.</summary>
        public abstract void CheckFirmware(string path);

        /// <summary>Takes the board into its bootloader, writes and verifies the file, and starts it; updates the context's stage.</summary>
        public abstract void Flash(BoardUpdateContext context, CancellationToken cancellationToken);

        /// <summary>
        /// Polls the port until the application's REPL answers (§5.3 step 1) and returns what it says. Between tries
        /// <see cref="StillInBootloader"/> may report that the board came back in its bootloader instead.
        /// </summary>
        public BoardSurvey WaitForRepl(BoardUpdateContext context, CancellationToken cancellationToken)
        {
            if (context is null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            context.Step("Restart");
            BoardUpdateTimeouts timeouts = World.Timeouts;
            DateTime deadline = DateTime.UtcNow + timeouts.ReplReturns;
            string last = "the port never opened";
            DateTime? inBootloaderSince = null;
            while (true)
            {
                try
                {
                    BoardSurvey survey = Survey(context.CurrentPort, ProbeOptions(), context.Log, cancellationToken);
                    context.Step("Restart", done: true);
                    return survey;
                }
                catch (FirmwareToolsException e)
                {
                    last = e.Message;
                    context.Log.Debug($"{context.CurrentPort}: no REPL yet: {e.Message}");
                }

                if (StillInBootloader(context) is string device)
                {
                    // A bootloader takes a while to leave (a Pico reboots 500 ms after PICOBOOT's REBOOT): only one that
                    // stays on the bus for the whole grace period came back into it (a DFU jumper, §4).
                    inBootloaderSince ??= DateTime.UtcNow;
                    if (DateTime.UtcNow - inBootloaderSince.Value >= timeouts.BootloaderLeaveGrace)
                    {
                        throw BoardUpdateErrors.StillInBootloader(context.Port, context.Plan.Identity.FullName, device, context.Plan.FirmwareName);
                    }
                }
                else
                {
                    inBootloaderSince = null;
                }

                if (DateTime.UtcNow >= deadline)
                {
                    if (inBootloaderSince != null && StillInBootloader(context) is string stillThere)
                    {
                        throw BoardUpdateErrors.StillInBootloader(context.Port, context.Plan.Identity.FullName, stillThere, context.Plan.FirmwareName);
                    }

                    throw BoardUpdateErrors.NotBack(context.Port, context.Plan.Identity.FullName, context.Plan.FirmwareName, timeouts.ReplReturns, "the last try: " + last);
                }

                Sleep(timeouts.PollInterval, cancellationToken);
            }
        }

        /// <summary>Opens the port as a REPL port (§3.0 step 1), reads the board, closes it in the order that never resets.</summary>
        public BoardSurvey Survey(string port, RawReplOptions options, OperationLog? log, CancellationToken cancellationToken) =>
            Survey(World, port, options, log, cancellationToken);

        internal static BoardSurvey Survey(BoardUpdateWorld world, string port, RawReplOptions options, OperationLog? log, CancellationToken cancellationToken)
        {
            ISerialPort opened = world.OpenPort(port, ReplPortLines.OpenSettings(world.BaudRate), cancellationToken);
            try
            {
                return BoardSurveyReader.Read(opened, options, log, cancellationToken);
            }
            finally
            {
                ReplPortLines.Close(opened);
            }
        }

        /// <summary>The bootloader device the board is in again after leaving it, or null (a DFU jumper, §4).</summary>
        protected virtual string? StillInBootloader(BoardUpdateContext context) => null;

        /// <summary>
        /// Sends <see cref="BootloaderStatement"/> over the raw REPL without a soft reset, waits for <c>OK</c>, and closes
        /// the port at once (§3.0 steps 2-4).
        /// </summary>
        protected void AskForBootloader(BoardUpdateContext context, CancellationToken cancellationToken)
        {
            if (context is null)
            {
                throw new ArgumentNullException(nameof(context));
            }

            context.Step("Bootloader");
            string board = context.Plan.Identity.FullName;
            ISerialPort port = World.OpenPort(context.Port, ReplPortLines.OpenSettings(World.BaudRate), cancellationToken);
            try
            {
                var session = new RawReplSession(port, World.ReplOptions, context.Log);
                session.Enter(softReset: false, cancellationToken);
                context.Log.Verbose($"{context.Port}: sending machine.bootloader()");
                context.Stage = BoardUpdateStage.EnteringBootloader;
                session.Launch(BootloaderStatement, World.Timeouts.BootloaderRefusalWindow, cancellationToken);
            }
            catch (FirmwareToolsException e) when (!(e is SerialPortLostException) || context.Stage == BoardUpdateStage.OldFirmware)
            {
                context.Stage = BoardUpdateStage.OldFirmware;
                throw BoardUpdateErrors.BootloaderRefused(context.Port, board, e.Message, e);
            }
            catch (SerialPortLostException e)
            {
                // The board went down before OK reached us: what machine.bootloader() does, only faster.
                context.Log.Debug($"{context.Port}: the port went away right after machine.bootloader(): {e.Message}");
            }
            finally
            {
                ReplPortLines.Close(port);
            }
        }

        /// <summary>Waits for <paramref name="probe"/> to find something, polling at the settings' interval, until <paramref name="timeout"/>.</summary>
        protected T? PollFor<T>(TimeSpan timeout, Func<T?> probe, CancellationToken cancellationToken)
            where T : class
        {
            DateTime deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                if (probe() is T found)
                {
                    return found;
                }

                if (DateTime.UtcNow >= deadline)
                {
                    return null;
                }

                Sleep(World.Timeouts.PollInterval, cancellationToken);
            }
        }

        /// <summary>The REPL options for one probe while waiting: one entry try, no longer than the probe setting.</summary>
        private RawReplOptions ProbeOptions() => new RawReplOptions
        {
            Timeout = World.ReplOptions.Timeout,
            EntryTimeout = World.Timeouts.ReplProbe,
            EntryAttemptTimeout = World.ReplOptions.EntryAttemptTimeout < World.Timeouts.ReplProbe ? World.ReplOptions.EntryAttemptTimeout : World.Timeouts.ReplProbe,
            InterruptPause = World.ReplOptions.InterruptPause,
            UseRawPaste = World.ReplOptions.UseRawPaste,
        };

        protected static void Sleep(TimeSpan pause, CancellationToken cancellationToken)
        {
            if (cancellationToken.WaitHandle.WaitOne(pause))
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        /// <summary>The devices in <paramref name="now"/> that were not in <paramref name="before"/> (§2.2 rule 3 needs the snapshot).</summary>
        protected static List<string> NewSince(IEnumerable<string> before, IEnumerable<string> now)
        {
            var seen = new HashSet<string>(before, StringComparer.OrdinalIgnoreCase);
            var added = new List<string>();
            foreach (string d in now)
            {
                if (!seen.Contains(d))
                {
                    added.Add(d);
                }
            }

            return added;
        }
    }
}
