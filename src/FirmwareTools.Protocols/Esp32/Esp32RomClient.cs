using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using FirmwareTools.Protocols.Images;
using FirmwareTools.Protocols.Serial;
using ICSharpCode.SharpZipLib.Zip.Compression;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// Talks to the ESP32 mask-ROM UART download loader over an <see cref="ISerialPort"/> (no flasher stub): connect
    /// and sync, identify the chip, attach and size the SPI flash, switch baud, write compressed regions, MD5 them and
    /// reset. One command at a time, as the ROM wants: it replies after it has acted on each packet, so the next
    /// packet leaves the moment the reply is in (no sleeps in the data path).
    /// </summary>
    public sealed class Esp32RomClient
    {
        /// <summary>esptool gives up matching a reply after this many unrelated frames (§1.7).</summary>
        public const int MaxFramesPerReply = 100;

        /// <summary>The ROM answers SYNC eight times; the first is awaited, the other seven are drained (§2.6).</summary>
        public const int ExtraSyncReplies = 7;

        /// <summary>Pause between failed SYNC tries (esptool: 50 ms), so a chip still booting can finish.</summary>
        public static readonly TimeSpan SyncRetryPause = TimeSpan.FromMilliseconds(50);

        /// <summary>Tries of an idempotent command whose reply was lost or garbled.</summary>
        public const int CommandAttempts = 3;

        /// <summary>Tries of the first exchange at a new baud rate before falling back.</summary>
        public const int BaudCheckAttempts = 3;

        private readonly ISerialPort port;
        private readonly OperationLog? log;
        private readonly SlipDecoder decoder = new SlipDecoder();
        private readonly byte[] readBuffer = new byte[4096];
        private readonly StringBuilder lineText = new StringBuilder();
        private bool echoSeen;
        private uint? detectedMagic;

        public Esp32RomClient(ISerialPort port, Esp32Timeouts? timeouts = null, OperationLog? log = null)
        {
            this.port = port ?? throw new ArgumentNullException(nameof(port));
            Timeouts = timeouts ?? Esp32Timeouts.Esptool;
            this.log = log;
        }

        public ISerialPort Port => port;

        public Esp32Timeouts Timeouts { get; }

        /// <summary>connect_attempts: reset-and-sync rounds before giving up (esptool: 7).</summary>
        public int ConnectAttempts { get; init; } = 7;

        /// <summary>SYNC tries per round (esptool: 5).</summary>
        public int SyncTries { get; init; } = 5;

        /// <summary>Overrides the reset strategies of <see cref="Esp32BeforeMode.DefaultReset"/> (tests pin one).</summary>
        public IReadOnlyList<Esp32ResetStrategy>? DefaultResetStrategies { get; init; }

        /// <summary>The strategy that produced the sync, or null for NoReset.</summary>
        public Esp32ResetStrategy? ConnectedWith { get; private set; }

        /// <summary>How <see cref="Connect"/> was asked to get into the loader; used again by a baud fallback.</summary>
        public Esp32BeforeMode Before { get; private set; }

        private string PortName => port.PortName;

        /// <summary>
        /// Resets the chip into the ROM loader (per <paramref name="before"/>) and syncs (brief §3.4). Recognises a boot
        /// log (wrong boot mode, or download mode with a dead TX path) and a MicroPython REPL, and says so.
        /// </summary>
        /// <exception cref="Esp32NoAnswerException">Nothing synced.</exception>
        /// <exception cref="Esp32RunsFirmwareException">The board runs firmware (REPL echo or prompt on the line).</exception>
        public void Connect(Esp32BeforeMode before, CancellationToken cancellationToken = default)
        {
            Before = before;
            IReadOnlyList<Esp32ResetStrategy?> strategies = StrategiesFor(before);
            string? bootMode = null;
            bool downloadBanner = false;
            lineText.Clear();
            echoSeen = false;
            log.Verbose($"Connecting to the ESP32 ROM loader on {PortName} at {port.BaudRate} baud ({DescribeBefore(before, strategies)}).");

            int attempts = Math.Max(1, ConnectAttempts);
            for (int attempt = 0; attempt < attempts; attempt++)
            {
                Esp32ResetStrategy? strategy = strategies[attempt % strategies.Count];
                if (strategy != null)
                {
                    port.DiscardInput();
                    decoder.Reset();
                    log.Debug($"Attempt {attempt + 1}: {strategy.Name}.");
                    strategy.Run(port, cancellationToken);
                    string bootLog = CollectBootLog(cancellationToken);
                    (string? mode, bool banner) = ParseBootLog(bootLog);
                    bootMode = mode ?? bootMode;
                    downloadBanner |= banner;
                    if (bootLog.Length > 0)
                    {
                        log.Debug($"Boot log after {strategy.Name}: {Printable(bootLog)}");
                    }
                }

                for (int i = 0; i < SyncTries; i++)
                {
                    if (TrySync(cancellationToken))
                    {
                        ConnectedWith = strategy;
                        log.Verbose($"Synced with the ROM loader on {PortName}{(strategy is null ? string.Empty : " after " + strategy.Name)}.");
                        lineText.Clear();
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
                throw new Esp32RunsFirmwareException(PortName, evidence);
            }

            if (downloadBanner)
            {
                throw new Esp32NoAnswerException(PortName, "the chip printed 'waiting for download' (download mode) but never answered SYNC: the serial path from the computer to the chip (its RX) seems down.");
            }

            if (bootMode != null)
            {
                throw new Esp32NoAnswerException(PortName, $"the chip booted with boot:{bootMode}, which is not download mode (0x03/0x23): GPIO0 was not low when it came out of reset.");
            }

            throw new Esp32NoAnswerException(PortName, "no reply to SYNC (no serial data received).");
        }

        /// <summary>
        /// One SYNC try: send SYNC and wait up to <see cref="Esp32Timeouts.Sync"/> for the first reply, sending SYNC again
        /// whenever a reply is overdue (<see cref="SyncResendInterval"/>), then drain the seven extra replies.
        /// </summary>
        /// <remarks>
        /// The first SYNC after a reset is usually lost while the ROM measures the baud rate on it (brief §3.4). esptool
        /// waits out the whole 100 ms for that lost reply and pauses 50 ms before its next try; a second SYNC as soon as
        /// the first reply is overdue costs a few milliseconds instead. A reply to an earlier SYNC that arrives late is
        /// still a SYNC reply, so the try succeeds either way; the surplus replies are skipped by opcode later.
        /// </remarks>
        public bool TrySync(CancellationToken cancellationToken = default)
        {
            NoteGarbage();
            port.DiscardInput();
            port.DiscardOutput();
            decoder.Reset();
            TimeSpan resend = SyncResendInterval();
            var clock = Stopwatch.StartNew();
            Esp32Response? reply = null;
            while (reply is null)
            {
                TimeSpan left = Timeouts.Sync - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    break;
                }

                Send(Esp32Command.Sync, Esp32Packet.SyncPayload(), 0, cancellationToken);
                SyncsSent++;
                left = Timeouts.Sync - clock.Elapsed;
                reply = AwaitReply(Esp32Command.Sync, left < resend ? left : resend, cancellationToken);
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
                if (ReadFrame(Timeouts.SyncDrain, cancellationToken) is null)
                {
                    break;
                }
            }

            return true;
        }

        /// <summary>SYNC frames sent since this client was made (every try, every resend): for tests and diagnostics.</summary>
        public int SyncsSent { get; private set; }

        /// <summary>
        /// How long a SYNC reply may take before SYNC goes out again: the SYNC frame's and its reply's time on the wire at
        /// the port's rate, plus <see cref="Esp32Timeouts.SyncResend"/> for the ROM and the USB-serial bridge.
        /// </summary>
        private TimeSpan SyncResendInterval()
        {
            int wireBytes = Esp32Packet.Frame(Esp32Command.Sync, Esp32Packet.SyncPayload()).Length + Esp32Protocol.SyncReplyFrameLength;
            double seconds = wireBytes * 10.0 / Math.Max(1, port.BaudRate);
            return TimeSpan.FromSeconds(seconds) + Timeouts.SyncResend;
        }

        /// <summary>
        /// Sends a command and returns its matching reply (§1.7), retrying on a lost or garbled reply when
        /// <paramref name="attempts"/> &gt; 1 (only for commands that are safe to repeat).
        /// </summary>
        /// <exception cref="Esp32RomErrorException">The ROM answered with a failure status.</exception>
        /// <exception cref="Esp32ProtocolException">No matching reply after every attempt.</exception>
        public Esp32Response Execute(Esp32Command command, byte[] data, uint checksum, TimeSpan timeout, int expectedDataLength, int attempts, CancellationToken cancellationToken)
        {
            for (int attempt = 1; ; attempt++)
            {
                Send(command, data, checksum, cancellationToken);
                Esp32Response? reply = AwaitReply(command, timeout, cancellationToken);
                if (reply != null)
                {
                    (byte status, byte error) = reply.StatusFor(expectedDataLength);
                    if (status != 0)
                    {
                        throw new Esp32RomErrorException(PortName, command, status, error);
                    }

                    if (reply.Data.Length < expectedDataLength + 2)
                    {
                        throw new Esp32ProtocolException(PortName, $"The reply to {Esp32Protocol.Name(command)} on {PortName} carries {reply.Data.Length} bytes; expected {expectedDataLength} bytes and the status.");
                    }

                    return reply;
                }

                string seen = NoteGarbage();
                if (attempt >= attempts)
                {
                    throw new Esp32ProtocolException(PortName,
                        $"No reply to {Esp32Protocol.Name(command)} from the ESP32 on {PortName} within {timeout.TotalSeconds:0.###} s" +
                        (attempts > 1 ? $" ({attempts} tries)" : string.Empty) +
                        (seen.Length > 0 ? $"; the line carried: {Printable(seen)}" : string.Empty) +
                        (decoder.BadFrames > 0 ? $"; {decoder.BadFrames} corrupted frames were dropped" : string.Empty) + ".");
                }

                log.Debug($"No reply to {Esp32Protocol.Name(command)} (try {attempt} of {attempts}); sending it again.");
            }
        }

        public uint ReadRegister(uint address, CancellationToken cancellationToken = default) =>
            Execute(Esp32Command.ReadReg, Esp32Packet.Words(address), 0, Timeouts.Default, 0, CommandAttempts, cancellationToken).Value;

        public void WriteRegister(uint address, uint value, uint mask = 0xFFFFFFFF, uint delayMicroseconds = 0, CancellationToken cancellationToken = default) =>
            Execute(Esp32Command.WriteReg, Esp32Packet.Words(address, value, mask, delayMicroseconds), 0, Timeouts.Default, 0, CommandAttempts, cancellationToken);

        /// <summary>
        /// Identifies the chip: the magic register first (one READ_REG on the ESP32 the loader targets), then
        /// GET_SECURITY_INFO when the magic is unknown or READ_REG is refused (S2 and later, §4.2). For an ESP32,
        /// also package, revision, features, crystal and MAC from the eFuses.
        /// </summary>
        public Esp32ChipInfo DetectChip(CancellationToken cancellationToken = default)
        {
            uint? magic = null;
            try
            {
                magic = ReadRegister(Esp32Protocol.ChipDetectMagicRegister, cancellationToken);
            }
            catch (Esp32RomErrorException e)
            {
                log.Debug($"READ_REG of the magic register was refused ({e.CodeName}); asking GET_SECURITY_INFO.");
            }

            detectedMagic = magic;
            if (magic == Esp32Protocol.Esp32ChipMagic)
            {
                Esp32ChipInfo info = ReadEsp32Identity(magic.Value, cancellationToken);
                log.Verbose($"Chip is {info.Description}; features: {string.Join(", ", info.Features)}; crystal {info.CrystalMhz} MHz; MAC {info.Mac}.");
                return info;
            }

            string? chip = magic is uint m ? Esp32Protocol.ChipFromMagic(m) : null;
            if (chip is null)
            {
                chip = ChipFromSecurityInfo(cancellationToken) ?? (magic is uint u ? $"an unknown chip (magic {Hex.Address(u)})" : "an unknown chip");
            }

            log.Verbose($"Chip is {chip}.");
            return new Esp32ChipInfo { Chip = chip, Magic = magic ?? 0, Description = chip };
        }

        /// <summary>SPI_ATTACH in its 8-byte ROM form: required before any flash command on the ESP32 ROM.</summary>
        public void AttachSpiFlash(uint padConfig = 0, CancellationToken cancellationToken = default)
        {
            log.Verbose($"Attaching the SPI flash ({(padConfig == 0 ? "default pins" : "pads " + Hex.Address(padConfig))}).");
            Execute(Esp32Command.SpiAttach, Esp32Packet.Words(padConfig, 0), 0, Timeouts.Default, 0, CommandAttempts, cancellationToken);
        }

        /// <summary>JEDEC RDID through the SPI1 user-command registers (§4.5): manufacturer in byte 0, capacity code in byte 2.</summary>
        public uint ReadFlashId(CancellationToken cancellationToken = default)
        {
            uint b = Esp32Protocol.Spi1Base;
            uint savedUsr = ReadRegister(b + Esp32Protocol.SpiUsrOffset, cancellationToken);
            uint savedUsr2 = ReadRegister(b + Esp32Protocol.SpiUsr2Offset, cancellationToken);
            WriteRegister(b + Esp32Protocol.SpiMisoDlenOffset, 24 - 1, cancellationToken: cancellationToken);
            WriteRegister(b + Esp32Protocol.SpiUsrOffset, Esp32Protocol.SpiUsrCommand | Esp32Protocol.SpiUsrMiso, cancellationToken: cancellationToken);
            WriteRegister(b + Esp32Protocol.SpiUsr2Offset, (7u << 28) | Esp32Protocol.SpiFlashRdid, cancellationToken: cancellationToken);
            WriteRegister(b + Esp32Protocol.SpiW0Offset, 0, cancellationToken: cancellationToken);
            WriteRegister(b + Esp32Protocol.SpiCmdOffset, Esp32Protocol.SpiCmdUsr, cancellationToken: cancellationToken);
            bool done = false;
            for (int i = 0; i < Esp32Protocol.SpiCommandPolls && !done; i++)
            {
                done = (ReadRegister(b + Esp32Protocol.SpiCmdOffset, cancellationToken) & Esp32Protocol.SpiCmdUsr) == 0;
            }

            if (!done)
            {
                throw new Esp32ProtocolException(PortName, $"The SPI flash command RDID did not complete on {PortName} (the SPI1 busy bit stayed set).");
            }

            uint id = ReadRegister(b + Esp32Protocol.SpiW0Offset, cancellationToken) & 0xFFFFFF;
            WriteRegister(b + Esp32Protocol.SpiUsrOffset, savedUsr, cancellationToken: cancellationToken);
            WriteRegister(b + Esp32Protocol.SpiUsr2Offset, savedUsr2, cancellationToken: cancellationToken);
            return id;
        }

        /// <summary>
        /// Reads the JEDEC id and turns it into a size. Unknown capacity codes count as 4 MiB (esptool's fallback) with a
        /// warning; a flash that does not answer is an error, since writing blind would fail later.
        /// </summary>
        public long DetectFlashSize(CancellationToken cancellationToken = default)
        {
            uint id = ReadFlashId(cancellationToken);
            if (Esp32Protocol.IsFlashAbsent(id))
            {
                throw new Esp32ProtocolException(PortName, $"The SPI flash on {PortName} does not answer (JEDEC id {Hex.Address(id)}): the flash pins may be used by other hardware, or the module has no flash.");
            }

            long? size = Esp32Protocol.FlashSizeFromJedec(id);
            string ident = string.Format(CultureInfo.InvariantCulture, "manufacturer 0x{0:X2}, device 0x{1:X2}{2:X2}", id & 0xFF, (id >> 8) & 0xFF, (id >> 16) & 0xFF);
            if (size is null)
            {
                log.Warning($"Unknown flash capacity code in JEDEC id {Hex.Address(id)} ({ident}); assuming 4 MiB.");
                return 4L * 1024 * 1024;
            }

            log.Verbose($"Flash {ident}: {ByteSize.Format(size.Value)}.");
            return size.Value;
        }

        /// <summary>SPI_SET_PARAMS with the flash size (the ROM assumes 2 MiB otherwise and refuses writes above it).</summary>
        public void SetFlashParameters(long totalSize, CancellationToken cancellationToken = default) =>
            Execute(Esp32Command.SpiSetParams, Esp32Packet.Words(0, (uint)totalSize, 0x10000, Esp32Protocol.FlashSectorSize, 0x100, 0xFFFF), 0, Timeouts.Default, 0, CommandAttempts, cancellationToken);

        /// <summary>
        /// CHANGE_BAUDRATE, then the port follows and one READ_REG proves the link at the new rate. If the link fails
        /// there, fall back to the rate in use before: first simply try it (the chip may never have switched), then,
        /// when the port can reset the chip, reset it into the loader and sync again at the old rate. Returns the rate
        /// the link now runs at. Without a way to reset, a chip stuck at the new rate is an error.
        /// </summary>
        public int ChangeBaudRate(int baudRate, CancellationToken cancellationToken = default)
        {
            int oldBaud = port.BaudRate;
            if (baudRate == oldBaud)
            {
                return oldBaud;
            }

            uint requested = RomClockCompensated(baudRate, cancellationToken);
            log.Verbose($"Changing the baud rate from {oldBaud} to {baudRate}" + (requested != (uint)baudRate ? $" (asking the ROM for {requested} to offset its clock estimate)." : "."));
            bool acknowledged;
            try
            {
                // The ROM replies at the old rate, then switches. Second word 0: the ROM form (the legacy stub wants the old rate).
                Execute(Esp32Command.ChangeBaudRate, Esp32Packet.Words(requested, 0), 0, Timeouts.Default, 0, 1, cancellationToken);
                acknowledged = true;
            }
            catch (Esp32ProtocolException)
            {
                acknowledged = false;
            }

            port.Drain(cancellationToken);
            port.BaudRate = baudRate;
            port.DiscardInput();
            decoder.Reset();
            if (acknowledged && LinkAnswers(cancellationToken))
            {
                log.Verbose($"The link runs at {baudRate} baud.");
                return baudRate;
            }

            log.Warning($"The link to {PortName} does not work at {baudRate} baud{(acknowledged ? string.Empty : " (CHANGE_BAUDRATE got no reply)")}; falling back to {oldBaud} baud.");
            port.BaudRate = oldBaud;
            port.DiscardInput();
            decoder.Reset();
            if (LinkAnswers(cancellationToken))
            {
                log.Verbose($"The chip still answers at {oldBaud} baud.");
                return oldBaud;
            }

            if (Before == Esp32BeforeMode.NoReset || !port.SupportsModemLines)
            {
                throw new Esp32ProtocolException(PortName,
                    $"The link to {PortName} failed at {baudRate} baud and the chip no longer answers at {oldBaud} baud; it cannot be reset from here ({(port.SupportsModemLines ? "-Before NoReset" : "the port has no DTR/RTS")}). Reset the board into the bootloader and run the command again with -FlashBaudRate {oldBaud}.");
            }

            // The ROM fixes its rate until reset: reset into the loader and sync at the old rate.
            Connect(Before, cancellationToken);
            return oldBaud;
        }

        /// <summary>
        /// Writes <paramref name="length"/> bytes from <paramref name="openSource"/> at <paramref name="offset"/> as a zlib
        /// stream (FLASH_DEFL_BEGIN / FLASH_DEFL_DATA, brief §2.3). The source is read twice (once to count the
        /// compressed blocks the BEGIN command announces, once to send them) and never held whole. Progress reports
        /// uncompressed bytes the ROM has confirmed written. FLASH_DEFL_END is not sent: it would leave the loader.
        /// </summary>
        public long WriteDeflated(uint offset, long length, Func<Stream> openSource, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
            WriteDeflated(offset, length, openSource, null, progress, cancellationToken);

        /// <summary>
        /// As <see cref="WriteDeflated(uint, long, Func{Stream}, IProgress{long}?, CancellationToken)"/>, with the zlib
        /// stream's length already known (computed while the files were validated), so the source is compressed only once
        /// here. While the ROM inflates and programs one block, the next one is compressed: the CPU work hides behind the
        /// ROM's, and the next packet leaves the moment the reply is in.
        /// </summary>
        public long WriteDeflated(uint offset, long length, Func<Stream> openSource, long? compressedLength, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        {
            if (openSource is null)
            {
                throw new ArgumentNullException(nameof(openSource));
            }

            long compressed;
            if (compressedLength is long known)
            {
                compressed = known;
            }
            else
            {
                using Stream counting = openSource();
                compressed = ZlibBlockCompressor.CompressedLength(counting, length, Esp32Protocol.FlashWriteSize);
            }

            // ROM form (§2.3): word 0 is the erase length, the size rounded up to a whole block; blocks of 0x400.
            long eraseSize = RoundUp(length, Esp32Protocol.FlashWriteSize);
            uint blocks = (uint)((compressed + Esp32Protocol.FlashWriteSize - 1) / Esp32Protocol.FlashWriteSize);
            TimeSpan beginTimeout = Timeouts.Cap(Esp32Protocol.TimeoutPerMegabyte(Timeouts.EraseRegionPerMegabyte, eraseSize, Timeouts.Default));
            log.Verbose($"FLASH_DEFL_BEGIN at {Hex.Address(offset)}: {length} bytes as {compressed} compressed in {blocks} blocks of {Esp32Protocol.FlashWriteSize} (the ROM erases {eraseSize} bytes first).");

            // A local inflater tells how much each block expands to: the ROM inflates and writes before replying, so the
            // block's timeout scales with that (a block of zeros can expand a thousandfold).
            var inflater = new Inflater(noHeader: false);
            var scratch = new byte[32 * 1024];
            long written = 0;
            uint sequence = 0;
            long sent = 0;
            using (Stream source = openSource())
            using (IEnumerator<byte[]> stream = ZlibBlockCompressor.Blocks(source, length, Esp32Protocol.FlashWriteSize).GetEnumerator())
            {
                // The first block is compressed and framed before BEGIN goes out, so that work hides behind the ROM's erase.
                byte[]? next = stream.MoveNext() ? stream.Current : null;
                byte[]? nextFrame = next is null ? null : DataFrame(next, sequence);
                Execute(Esp32Command.FlashDeflBegin, Esp32Packet.Words((uint)eraseSize, blocks, Esp32Protocol.FlashWriteSize, offset), 0, beginTimeout, 0, 1, cancellationToken);
                while (next != null && nextFrame != null)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    byte[] block = next;
                    port.Write(nextFrame, 0, nextFrame.Length, cancellationToken);

                    // While this block crosses the wire and the ROM programs it: work out its timeout, and compress and
                    // frame the next block, so the next packet leaves the moment the reply is in.
                    long expanded = Expand(inflater, block, scratch);
                    TimeSpan timeout = Timeouts.Cap(Esp32Protocol.TimeoutPerMegabyte(Timeouts.EraseWritePerMegabyte, expanded, Timeouts.Default));
                    next = stream.MoveNext() ? stream.Current : null;
                    nextFrame = next is null ? null : DataFrame(next, sequence + 1);
                    Esp32Response reply = AwaitReply(Esp32Command.FlashDeflData, timeout, cancellationToken)
                        ?? throw new Esp32ProtocolException(PortName, $"No reply to FLASH_DEFL_DATA block {sequence} of {blocks} at {Hex.Address(offset)} from the ESP32 on {PortName} within {timeout.TotalSeconds:0.###} s" +
                                                           (decoder.BadFrames > 0 ? $"; {decoder.BadFrames} corrupted frames were dropped" : string.Empty) + ".");
                    (byte status, byte error) = reply.StatusFor(0);
                    if (status != 0)
                    {
                        throw new Esp32RomErrorException(PortName, Esp32Command.FlashDeflData, status, error);
                    }

                    sequence++;
                    sent += block.Length;
                    written += expanded;
                    progress?.Report(Math.Min(written, length));
                }
            }

            if (sent != compressed)
            {
                throw new Esp32ProtocolException(PortName, $"The zlib stream for {Hex.Address(offset)} came out at {sent} bytes, not the {compressed} announced: the file changed while it was being written.");
            }

            log.Verbose($"Sent {sequence} blocks ({compressed} bytes) to {Hex.Address(offset)}.");
            return compressed;
        }

        /// <summary>
        /// Erases [<paramref name="offset"/>, offset + <paramref name="size"/>) with the ROM: it has no ERASE_REGION (stub
        /// only), but FLASH_BEGIN erases its whole erase_size range before it replies (brief §2.2), so a BEGIN announcing
        /// zero blocks, followed by nothing, is an erase. The reply's timeout scales with the size (40 s/MB, capped).
        /// </summary>
        public void EraseRegion(uint offset, long size, CancellationToken cancellationToken = default)
        {
            if (offset % Esp32Protocol.FlashSectorSize != 0 || size <= 0 || size % Esp32Protocol.FlashSectorSize != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(size), $"An erase must cover whole 4 KiB sectors; {Hex.Address(offset)} + {size} does not.");
            }

            TimeSpan timeout = Timeouts.Cap(Esp32Protocol.TimeoutPerMegabyte(Timeouts.EraseRegionPerMegabyte, size, Timeouts.Default));
            log.Verbose($"FLASH_BEGIN at {Hex.Address(offset)} with 0 blocks: the ROM erases {size} bytes.");
            Execute(Esp32Command.FlashBegin, Esp32Packet.Words((uint)size, 0, Esp32Protocol.FlashWriteSize, offset), 0, timeout, 0, 1, cancellationToken);
        }

        /// <summary>SPI_FLASH_MD5 of a flash range: the ROM answers 32 lower-case hex characters.</summary>
        public string FlashMd5(uint offset, long size, CancellationToken cancellationToken = default)
        {
            TimeSpan timeout = Timeouts.Cap(Esp32Protocol.TimeoutPerMegabyte(Timeouts.Md5PerMegabyte, size, Timeouts.Default));
            Esp32Response reply = Execute(Esp32Command.SpiFlashMd5, Esp32Packet.Words(offset, (uint)size, 0, 0), 0, timeout, 32, CommandAttempts, cancellationToken);
            string md5 = Encoding.ASCII.GetString(reply.Data, 0, 32).ToLowerInvariant();
            if (!md5.All(c => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            {
                throw new Esp32ProtocolException(PortName, $"The MD5 reply from {PortName} is not hex text: {Printable(md5)}.");
            }

            return md5;
        }

        /// <summary>
        /// Leaves the loader and boots the firmware: an RTS pulse on EN (HardReset) when the port has modem lines, else
        /// FLASH_BEGIN(0, 0) + FLASH_END(1) ("run user code", the ROM's soft reset).
        /// </summary>
        public void Reboot(CancellationToken cancellationToken = default)
        {
            if (port.SupportsModemLines)
            {
                log.Verbose("Hard reset (RTS pulse on EN): the chip boots its firmware.");
                Esp32ResetStrategy.HardReset.Run(port, cancellationToken);
                return;
            }

            log.Verbose("The port has no DTR/RTS: leaving the loader with FLASH_END (run user code).");
            Execute(Esp32Command.FlashBegin, Esp32Packet.Words(0, 0, Esp32Protocol.FlashWriteSize, 0), 0, Timeouts.Default, 0, 1, cancellationToken);
            Execute(Esp32Command.FlashEnd, Esp32Packet.Words(1), 0, Timeouts.Default, 0, 1, cancellationToken);
        }

        private Esp32ChipInfo ReadEsp32Identity(uint magic, CancellationToken cancellationToken)
        {
            var words = new uint[Esp32Efuse.WordsRead];
            for (int i = 0; i < words.Length; i++)
            {
                words[i] = ReadRegister(Esp32Protocol.EfuseReadRegisterBase + (uint)(4 * i), cancellationToken);
            }

            uint apbDate = ReadRegister(Esp32Protocol.ApbCtlDateRegister, cancellationToken);
            uint clockDiv = ReadRegister(Esp32Protocol.UartClockDivRegister, cancellationToken);
            Esp32ChipInfo info = Esp32Efuse.Decode(magic, words, apbDate, clockDiv, port.BaudRate);
            if (info.CrystalEstimateUnusual)
            {
                log.Warning($"The crystal estimate from UART_CLKDIV is unusual; assuming {info.CrystalMhz} MHz.");
            }

            return info;
        }

        /// <summary>GET_SECURITY_INFO (S2 and later): the chip id at byte 12 of the 20-byte form; null if refused or too short.</summary>
        private string? ChipFromSecurityInfo(CancellationToken cancellationToken)
        {
            try
            {
                Esp32Response reply = Execute(Esp32Command.GetSecurityInfo, new byte[0], 0, Timeouts.Default, 20, 1, cancellationToken);
                int chipId = (int)LittleEndian.ReadUInt32(reply.Data, 12);
                return Esp32Chips.ChipFromImageId(chipId) ?? $"an unknown chip (chip id {chipId})";
            }
            catch (Esp32RomErrorException e)
            {
                log.Debug($"GET_SECURITY_INFO refused ({e.CodeName}).");
                return null;
            }
            catch (Esp32ProtocolException e)
            {
                log.Debug($"GET_SECURITY_INFO: {e.Message}");
                return null;
            }
        }

        /// <summary>
        /// The ESP32 ROM computes its new UART divisor from its own estimate of the clock (RTC calibration × CK_8M eFuse),
        /// not from the crystal, so esptool (v4.5+) scales the requested rate by estimate / nominal crystal (§2.5). Other
        /// chips, or a chip whose estimate reads as 0, get the plain rate.
        /// </summary>
        private uint RomClockCompensated(int baudRate, CancellationToken cancellationToken)
        {
            if (detectedMagic != Esp32Protocol.Esp32ChipMagic)
            {
                return (uint)baudRate;
            }

            uint cali = (ReadRegister(Esp32Protocol.RtcCaliCfg1Register, cancellationToken) >> 7) & 0x1FFFFFF;
            uint ck8m = ReadRegister(Esp32Protocol.EfuseReadRegisterBase + 4 * 4, cancellationToken) & 0xFF;
            double romFrequency = cali * 15625.0 * ck8m / 40;
            if (romFrequency <= 0)
            {
                return (uint)baudRate;
            }

            double nominal = romFrequency > 33e6 ? 40e6 : 26e6;
            return (uint)Math.Round(baudRate * romFrequency / nominal);
        }

        /// <summary>True when READ_REG of the magic register gets a reply at the port's current rate.</summary>
        private bool LinkAnswers(CancellationToken cancellationToken)
        {
            for (int i = 0; i < BaudCheckAttempts; i++)
            {
                Send(Esp32Command.ReadReg, Esp32Packet.Words(Esp32Protocol.ChipDetectMagicRegister), 0, cancellationToken);
                Esp32Response? reply = AwaitReply(Esp32Command.ReadReg, Timeouts.BaudCheck, cancellationToken);
                if (reply != null && reply.StatusFor(0).Status == 0)
                {
                    return true;
                }

                NoteGarbage();
                port.DiscardInput();
                decoder.Reset();
            }

            return false;
        }

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

            return (mode, text.IndexOf("waiting for download", StringComparison.Ordinal) >= 0);
        }

        private static long RoundUp(long value, int unit) => (value + unit - 1) / unit * unit;

        private static long Expand(Inflater inflater, byte[] block, byte[] scratch)
        {
            inflater.SetInput(block, 0, block.Length);
            long total = 0;
            while (!inflater.IsFinished)
            {
                int n = inflater.Inflate(scratch);
                if (n == 0 && (inflater.IsNeedingInput || inflater.IsNeedingDictionary))
                {
                    break;
                }

                total += n;
            }

            return total;
        }

        private static string Printable(string text)
        {
            var sb = new StringBuilder();
            foreach (char c in text.Length > 200 ? text.Substring(text.Length - 200) : text)
            {
                sb.Append(c >= ' ' && c < 0x7F ? c.ToString() : c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }

            return "'" + sb + "'";
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

            if (!port.SupportsModemLines)
            {
                log.Warning($"{PortName} has no DTR/RTS lines: connecting without a reset (put the board in download mode by hand).");
                return new Esp32ResetStrategy?[] { null };
            }

            return before == Esp32BeforeMode.UsbReset
                ? new Esp32ResetStrategy?[] { Esp32ResetStrategy.UsbJtagSerialReset }
                : (DefaultResetStrategies ?? Esp32ResetStrategy.DefaultCycle()).Cast<Esp32ResetStrategy?>().ToArray();
        }

        private string CollectBootLog(CancellationToken cancellationToken)
        {
            // Whatever the chip printed after the reset, read until the line goes quiet.
            while (ReadFrame(Timeouts.BootLog, cancellationToken) is byte[] frame)
            {
                NoteFrame(frame);
            }

            return NoteGarbage();
        }

        /// <summary>Evidence that firmware (a MicroPython REPL) rather than the ROM is on the line, or null.</summary>
        private string? ReplEvidence()
        {
            string text = lineText.ToString();
            if (text.IndexOf(">>>", StringComparison.Ordinal) >= 0)
            {
                return "a '>>>' REPL prompt is on the line";
            }

            if (text.IndexOf("MicroPython", StringComparison.Ordinal) >= 0)
            {
                return "MicroPython's banner is on the line";
            }

            if (echoSeen || text.IndexOf("UUUUUUUU", StringComparison.Ordinal) >= 0)
            {
                return "it echoes what is sent, as a REPL does";
            }

            return null;
        }

        /// <summary>The SLIP frame of FLASH_DEFL_DATA for one compressed block: data header, block, checksum over the block.</summary>
        private static byte[] DataFrame(byte[] block, uint sequence) =>
            Esp32Packet.Frame(Esp32Command.FlashDeflData, Esp32Packet.DataPayload(block, 0, block.Length, sequence), Esp32Packet.Checksum(block, 0, block.Length));

        private void Send(Esp32Command command, byte[] data, uint checksum, CancellationToken cancellationToken)
        {
            byte[] frame = Esp32Packet.Frame(command, data, checksum);
            port.Write(frame, 0, frame.Length, cancellationToken);
        }

        private Esp32Response? AwaitReply(Esp32Command command, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            for (int frames = 0; frames < MaxFramesPerReply; frames++)
            {
                TimeSpan left = timeout - clock.Elapsed;
                byte[]? frame = left > TimeSpan.Zero ? ReadFrame(left, cancellationToken) : null;
                if (frame is null)
                {
                    return null;
                }

                if (!Esp32Response.TryParse(frame, out Esp32Response? reply) || reply is null)
                {
                    continue;
                }

                if (!reply.IsResponse)
                {
                    NoteFrame(frame);
                    continue;
                }

                if (reply.Opcode == (byte)command)
                {
                    return reply;
                }

                if (reply.IsUnsupportedCommand && reply.Opcode != (byte)Esp32Command.Sync)
                {
                    // §1.7: a failure with "invalid message format" under another opcode: this command is not supported here.
                    throw new Esp32RomErrorException(PortName, command, reply.Data[0], reply.Data[1]);
                }

                // A stale reply (an extra SYNC answer, the late answer to a retried command): skip it.
            }

            return null;
        }

        private byte[]? ReadFrame(TimeSpan timeout, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                if (decoder.TryTake(out byte[] frame))
                {
                    return frame;
                }

                TimeSpan left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    return null;
                }

                int n = port.Read(readBuffer, 0, readBuffer.Length, left, cancellationToken);
                if (n > 0)
                {
                    decoder.Feed(readBuffer, 0, n);
                }
            }
        }

        private void NoteFrame(byte[] frame)
        {
            // Our own request coming back (direction 0x00): the other end echoes, as a REPL does.
            if (frame.Length >= 2 && frame[0] == Esp32Packet.RequestDirection)
            {
                echoSeen = true;
            }
        }

        private string NoteGarbage()
        {
            byte[] garbage = decoder.TakeGarbage();
            if (garbage.Length == 0)
            {
                return string.Empty;
            }

            var text = new string(garbage.Select(g => (char)g).ToArray());
            if (lineText.Length < SlipDecoder.MaxGarbage * 4)
            {
                lineText.Append(text);
            }

            return text;
        }
    }
}
