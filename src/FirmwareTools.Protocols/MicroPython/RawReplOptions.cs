using System;

namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>How patient the raw REPL client is and which protocol features it tries.</summary>
    public sealed class RawReplOptions
    {
        /// <summary>The longest wait for any one answer (the prompt, OK, the end of the output).</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>
        /// How long entering the raw REPL may take in all, across tries; null means twice <see cref="Timeout"/>
        /// (10 s by default). A board whose line is dead for a while after the port opens (a slow boot.py, USB CDC
        /// still coming up) loses the first interrupts; they are sent again until this passes
        /// (docs/protocols/board-update.md §3.7: mpflash probes 3 times; our budget is an inferred 10 s).
        /// </summary>
        public TimeSpan? EntryTimeout { get; set; }

        /// <summary>
        /// How long one try waits for the raw REPL greeting before interrupting again (mpremote waits up to 2 s for
        /// it, docs/protocols/board-update.md §3.0).
        /// </summary>
        public TimeSpan EntryAttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>
        /// Soft-reset the board inside the raw REPL once entered: a clean interpreter (boot.py runs again, main.py
        /// does not). Never by default: it ends whatever the board was doing.
        /// </summary>
        public bool SoftReset { get; set; }

        /// <summary>The entry budget in force: <see cref="EntryTimeout"/>, or twice <see cref="Timeout"/>.</summary>
        public TimeSpan EffectiveEntryTimeout => EntryTimeout ?? TimeSpan.FromTicks(Timeout.Ticks * 2);

        /// <summary>
        /// The pause between the two Ctrl-C: a program that catches the first KeyboardInterrupt in a try/finally
        /// gets the second one after its handler started (pyboard.py and mpremote pause 0.1 s).
        /// </summary>
        public TimeSpan InterruptPause { get; set; } = TimeSpan.FromMilliseconds(100);

        /// <summary>Try raw-paste mode (flow-controlled, no 256-byte pacing); boards that refuse it get plain raw mode.</summary>
        public bool UseRawPaste { get; set; } = true;

        /// <summary>How many received bytes error messages quote (the tail of the line).</summary>
        public int LastSeenLength { get; set; } = 120;
    }
}
