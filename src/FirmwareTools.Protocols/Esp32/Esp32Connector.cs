using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// Gets the chip into its ROM loader and in step with it (esptool's <c>connect()</c>, <c>_connect_attempt()</c> and
    /// <c>sync()</c>): resets by the strategies <see cref="Esp32BeforeMode"/> asks for, syncs, and when nothing syncs says
    /// what the line showed instead (a boot log in the wrong boot mode, a download-mode banner with a dead RX path, a
    /// MicroPython REPL).
    /// </summary>
    public sealed class Esp32Connector
    {
        /// <summary>The ROM answers SYNC eight times; the first is awaited, the other seven are drained (§2.6).</summary>
        public const int ExtraSyncReplies = 7;

        /// <summary>Pause between failed SYNC tries (esptool: 50 ms), so a chip still booting can finish.</summary>
        public static readonly TimeSpan SyncRetryPause = TimeSpan.FromMilliseconds(50);

        /// <summary>The last line the ROM prints when it boots into download mode (docs/protocols/esp32-family.md §2.5).</summary>
        private const string DownloadBanner = "waiting for download";

        /// <summary>How the ROMs of the S2 and later start their boot log (§2.5).</summary>
        private const string RomBannerPrefix = "ESP-ROM:";

        /// <summary>How often the boot log is looked at for the end of the download banner.</summary>
        private static readonly TimeSpan BootLogSlice = TimeSpan.FromMilliseconds(2);

        private readonly Esp32CommandLink link;

        public Esp32Connector(Esp32CommandLink link) => this.link = link ?? throw new ArgumentNullException(nameof(link));

        /// <summary>connect_attempts: reset-and-sync rounds before giving up (esptool: 7).</summary>
        public int ConnectAttempts { get; set; } = 7;

        /// <summary>SYNC tries per round (esptool: 5).</summary>
        public int SyncTries { get; set; } = 5;

        /// <summary>Overrides the reset strategies of <see cref="Esp32BeforeMode.DefaultReset"/> (tests pin one).</summary>
        public IReadOnlyList<Esp32ResetStrategy>? DefaultResetStrategies { get; set; }

        /// <summary>The strategy that produced the sync, or null for NoReset.</summary>
        public Esp32ResetStrategy? ConnectedWith { get; private set; }

        /// <summary>How <see cref="Connect"/> was asked to get into the loader; used again by a baud fallback.</summary>
        public Esp32BeforeMode Before { get; private set; }

        /// <summary>
        /// Status bytes the chip's replies end with (<see cref="Esp32ChipTarget.StatusLength"/>): 4 on the ESP32 family, so
        /// a SYNC reply is 14 bytes on the wire (C0, 8-byte header, 4 status bytes, C0; docs/protocols/esp32-rom-loader.md §1.8).
        /// </summary>
        public int ReplyStatusLength { get; set; } = Esp32Target.Instance.StatusLength;

        /// <summary>SYNC frames sent since this connector was made (every try, every resend): for tests and diagnostics.</summary>
        public int SyncsSent { get; private set; }

        private OperationLog? Log => link.Log;

        private string PortName => link.PortName;

        /// <summary>
        /// Resets the chip into the ROM loader (per <paramref name="before"/>) and syncs (docs/protocols/esp32-rom-loader.md §3.4). Recognises a boot
        /// log (wrong boot mode, or download mode with a dead TX path) and a MicroPython REPL, and says so.
        /// </summary>
        /// <exception cref="Esp32NoAnswerException">Nothing synced.</exception>
        /// <exception cref="FirmwareError">Esp32RunsFirmware: The board runs firmware (REPL echo or prompt on the line).</exception>
        public void Connect(Esp32BeforeMode before, CancellationToken cancellationToken = default)
        {
            Before = before;
            IReadOnlyList<Esp32ResetStrategy?> strategies = StrategiesFor(before);
            string? bootMode = null;
            string? bootRom = null;
            bool downloadBanner = false;
            link.ClearLineText();
            Log.Verbose($"Connecting to the ESP32 ROM loader on {PortName} at {link.Port.BaudRate} baud ({DescribeBefore(before, strategies)}).");

            int attempts = Math.Max(1, ConnectAttempts);
            for (int attempt = 0; attempt < attempts; attempt++)
            {
                Esp32ResetStrategy? strategy = strategies[attempt % strategies.Count];
                if (strategy != null)
                {
                    link.DiscardInput();
                    Log.Debug($"Attempt {attempt + 1}: {strategy.Name}.");
                    strategy.Run(link.Port, cancellationToken);
                    string bootLog = CollectBootLog(cancellationToken);
                    (string? mode, bool banner) = ParseBootLog(bootLog);
                    bootMode = mode ?? bootMode;
                    bootRom = RomChipOf(bootLog) ?? bootRom;
                    downloadBanner |= banner;
                    if (bootLog.Length > 0)
                    {
                        Log.Debug($"Boot log after {strategy.Name}: {Esp32CommandLink.Printable(bootLog)}");
                    }
                }

                for (int i = 0; i < SyncTries; i++)
                {
                    if (TrySync(cancellationToken))
                    {
                        ConnectedWith = strategy;
                        Log.Verbose($"Synced with the ROM loader on {PortName}{(strategy is null ? string.Empty : " after " + strategy.Name)}.");
                        link.ClearLineText();
                        return;
                    }

                    Pause(SyncRetryPause, cancellationToken);
                }

                string? repl = ReplEvidence();
                if (repl != null && strategy is null)
                {
                    // Without a reset nothing will change: the firmware keeps running.
                    break;
                }
            }

            string? evidence = ReplEvidence();
            if (evidence != null)
            {
                throw Esp32Errors.RunsFirmware(PortName, evidence);
            }

            if (downloadBanner)
            {
                throw new Esp32NoAnswerException(PortName, "the chip printed 'waiting for download' (download mode) but never answered SYNC: the serial path from the computer to the chip (its RX) seems down.");
            }

            if (bootMode != null)
            {
                throw new Esp32NoAnswerException(PortName, bootRom is null
                    ? $"the chip booted with boot:{bootMode}, which is not download mode (0x03/0x23 on an ESP32): its boot pin (GPIO0; GPIO9 on an ESP32-C3 or C6) was not low when it came out of reset."
                    : $"the {bootRom} booted with boot:{bootMode}, which is not download mode: its boot pin {BootPinOf(bootRom)} was not low when it came out of reset.");
            }

            throw new Esp32NoAnswerException(PortName, "no reply to SYNC (no serial data received).");
        }

        /// <summary>
        /// One SYNC try: send SYNC and wait up to <see cref="Esp32Timeouts.Sync"/> for the first reply, sending SYNC again
        /// whenever a reply is overdue (<see cref="SyncResendInterval"/>), then drain the seven extra replies.
        /// </summary>
        /// <remarks>
        /// The first SYNC after a reset is usually lost while the ROM measures the baud rate on it (docs/protocols/esp32-rom-loader.md §3.4). esptool
        /// waits out the whole 100 ms for that lost reply and pauses 50 ms before its next try; a second SYNC as soon as
        /// the first reply is overdue costs a few milliseconds instead. A reply to an earlier SYNC that arrives late is
        /// still a SYNC reply, so the try succeeds either way; the surplus replies are skipped by opcode later.
        /// </remarks>
        public bool TrySync(CancellationToken cancellationToken = default)
        {
            link.NoteGarbage();
            link.DiscardInput();
            link.Port.DiscardOutput();
            TimeSpan resend = SyncResendInterval();
            var clock = Stopwatch.StartNew();
            Esp32Response? reply = null;
            while (reply is null)
            {
                TimeSpan left = link.Timeouts.Sync - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                link.Send(Esp32Command.Sync, Esp32Packet.SyncPayload(), 0, cancellationToken);
                SyncsSent++;
                left = link.Timeouts.Sync - clock.Elapsed;
                reply = link.AwaitReply(Esp32Command.Sync, left < resend ? left : resend, cancellationToken);
            }

            if (reply is null)
            {
                return false;
            }

            (byte status, _) = reply.StatusFor(0);
            if (status != 0)
            {
                return false;
            }

            // The seven extra replies: read them now so no later command mistakes one for its own answer. A short wait
            // each, since one lost here is harmless (a stale SYNC reply is skipped by opcode anyway).
            for (int i = 0; i < ExtraSyncReplies; i++)
            {
                if (link.ReadFrame(link.Timeouts.SyncDrain, cancellationToken) is null)
                {
                    break;
                }
            }

            return true;
        }

        /// <summary>
        /// The chip a later ROM names in its boot log's first line ("ESP-ROM:esp32c3-api1-20210207" is an ESP32-C3,
        /// docs/protocols/esp32-family.md §2.5), or null (the ESP32's ROM prints no such line).
        /// </summary>
        internal static string? RomChipOf(string text)
        {
            int at = text.LastIndexOf(RomBannerPrefix, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            int start = at + RomBannerPrefix.Length;
            int end = start;
            while (end < text.Length && char.IsLetterOrDigit(text[end]))
            {
                end++;
            }

            string name = text.Substring(start, end - start);
            return name.Length > "esp32".Length && name.StartsWith("esp32", StringComparison.Ordinal)
                ? "ESP32-" + name.Substring("esp32".Length).ToUpperInvariant()
                : null;
        }

        /// <summary>The strapping pin that must be low at reset for download mode: GPIO9 on the RISC-V C3 and C6, GPIO0 on the others.</summary>
        internal static string BootPinOf(string chip) =>
            chip == "ESP32-C3" || chip == "ESP32-C6" ? "GPIO9" : "GPIO0";

        internal static (string? BootMode, bool DownloadBanner) ParseBootLog(string text)
        {
            string? mode = null;
            int at = text.LastIndexOf("boot:0x", StringComparison.Ordinal);
            if (at >= 0)
            {
                int start = at + "boot:".Length;
                int end = start + 2;
                while (end < text.Length && Uri.IsHexDigit(text[end]))
                {
                    end++;
                }

                mode = text.Substring(start, end - start);
            }

            return (mode, text.IndexOf(DownloadBanner, StringComparison.Ordinal) >= 0);
        }

        /// <summary>
        /// How long a SYNC reply may take before SYNC goes out again: the SYNC frame's and its reply's time on the wire at
        /// the port's rate, plus <see cref="Esp32Timeouts.SyncResend"/> for the ROM and the USB-serial bridge
        /// (<see cref="Esp32Timeouts.SyncResendUsb"/> after a USB-Serial/JTAG reset: no bridge).
        /// </summary>
        private TimeSpan SyncResendInterval()
        {
            int replyBytes = 1 + Esp32Packet.HeaderLength + ReplyStatusLength + 1;
            int wireBytes = Esp32Packet.Frame(Esp32Command.Sync, Esp32Packet.SyncPayload()).Length + replyBytes;
            double seconds = wireBytes * 10.0 / Math.Max(1, link.Port.BaudRate);
            return TimeSpan.FromSeconds(seconds) + (Before == Esp32BeforeMode.UsbReset ? link.Timeouts.SyncResendUsb : link.Timeouts.SyncResend);
        }

        private static void Pause(TimeSpan time, CancellationToken token)
        {
            if (token.WaitHandle.WaitOne(time))
            {
                token.ThrowIfCancellationRequested();
            }
        }

        private static string DescribeBefore(Esp32BeforeMode before, IReadOnlyList<Esp32ResetStrategy?> strategies) =>
            before == Esp32BeforeMode.NoReset || strategies.All(s => s is null)
                ? "no reset: the board must already be in download mode"
                : "reset strategies " + string.Join(", ", strategies.Where(s => s != null).Select(s => s!.Name));

        private IReadOnlyList<Esp32ResetStrategy?> StrategiesFor(Esp32BeforeMode before)
        {
            if (before == Esp32BeforeMode.NoReset)
            {
                return new Esp32ResetStrategy?[] { null };
            }

            if (!link.Port.SupportsModemLines)
            {
                Log.Warning($"{PortName} has no DTR/RTS lines: connecting without a reset (put the board in download mode by hand).");
                return new Esp32ResetStrategy?[] { null };
            }

            return before == Esp32BeforeMode.UsbReset
                ? new Esp32ResetStrategy?[] { Esp32ResetStrategy.UsbJtagSerialReset(link.Timeouts) }
                : (DefaultResetStrategies ?? Esp32ResetStrategy.DefaultCycle()).Cast<Esp32ResetStrategy?>().ToArray();
        }

        private string CollectBootLog(CancellationToken cancellationToken)
        {
            // Whatever the chip printed after the reset, read until the line goes quiet for Timeouts.BootLog, or until
            // the ROM's download banner is complete: after "waiting for download" it prints nothing until spoken to
            // (docs/protocols/esp32-family.md §2.5), so waiting out the quiet time there only delays the first SYNC.
            var text = new StringBuilder();
            var quiet = Stopwatch.StartNew();
            while (quiet.Elapsed < link.Timeouts.BootLog)
            {
                if (link.ReadFrame(BootLogSlice, cancellationToken) is byte[] frame)
                {
                    link.NoteFrame(frame);
                    quiet.Restart();
                    continue;
                }

                text.Append(link.NoteGarbage());
                if (DownloadBannerComplete(text))
                {
                    break;
                }
            }

            return text.Append(link.NoteGarbage()).ToString();
        }

        private static bool DownloadBannerComplete(StringBuilder text)
        {
            string seen = text.ToString();
            int at = seen.LastIndexOf(DownloadBanner, StringComparison.Ordinal);
            return at >= 0 && seen.IndexOf('\n', at) >= 0;
        }

        /// <summary>Evidence that firmware (a MicroPython REPL) rather than the ROM is on the line, or null.</summary>
        private string? ReplEvidence()
        {
            string text = link.LineText;
            if (text.IndexOf(">>>", StringComparison.Ordinal) >= 0)
            {
                return "a '>>>' REPL prompt is on the line";
            }

            if (text.IndexOf("MicroPython", StringComparison.Ordinal) >= 0)
            {
                return "MicroPython's banner is on the line";
            }

            if (link.EchoSeen || text.IndexOf("UUUUUUUU", StringComparison.Ordinal) >= 0)
            {
                return "it echoes what is sent, as a REPL does";
            }

            return null;
        }
    }
}
