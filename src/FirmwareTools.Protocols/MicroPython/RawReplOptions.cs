using System;

namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>How patient the raw REPL client is and which protocol features it tries.</summary>
    public sealed class RawReplOptions
    {
        /// <summary>The longest wait for any one answer (the prompt, OK, the end of the output).</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

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
