using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using ICSharpCode.SharpZipLib.Zip.Compression;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// The ROM loader's flash commands (esptool's <c>cmds.py</c> and the flash half of <c>loader.py</c>): attach and size
    /// the SPI flash, write compressed regions, erase, MD5 and leave the loader by FLASH_END. The chip's differences
    /// (register block, BEGIN form) come from <see cref="Target"/>.
    /// </summary>
    public sealed class Esp32FlashOperations
    {
        private readonly Esp32CommandLink link;

        public Esp32FlashOperations(Esp32CommandLink link, Esp32ChipTarget target)
        {
            this.link = link ?? throw new ArgumentNullException(nameof(link));
            Target = target ?? throw new ArgumentNullException(nameof(target));
        }

        /// <summary>The chip the commands are formed for (the ESP32 until detection says otherwise).</summary>
        public Esp32ChipTarget Target { get; set; }

        private Esp32Timeouts Timeouts => link.Timeouts;

        private OperationLog? Log => link.Log;

        private string PortName => link.PortName;

        /// <summary>SPI_ATTACH in its 8-byte ROM form: required before any flash command on the ESP32 ROM.</summary>
        public void AttachSpiFlash(uint padConfig = 0, CancellationToken cancellationToken = default)
        {
            Log.Verbose($"Attaching the SPI flash ({(padConfig == 0 ? "default pins" : "pads " + Hex.Address(padConfig))}).");
            link.Execute(new Esp32CommandRequest(Esp32Command.SpiAttach, Esp32Packet.Words(padConfig, 0), Timeouts.Default) { Attempts = Esp32CommandLink.CommandAttempts }, cancellationToken);
        }

        /// <summary>JEDEC RDID through the SPI1 user-command registers (§4.5): manufacturer in byte 0, capacity code in byte 2.</summary>
        public uint ReadFlashId(CancellationToken cancellationToken = default)
        {
            Esp32SpiRegisters spi = Target.Spi;
            uint savedUsr = link.ReadRegister(spi.Usr, cancellationToken);
            uint savedUsr2 = link.ReadRegister(spi.Usr2, cancellationToken);
            link.WriteRegister(spi.MisoDlen, 24 - 1, cancellationToken: cancellationToken);
            link.WriteRegister(spi.Usr, Esp32Protocol.SpiUsrCommand | Esp32Protocol.SpiUsrMiso, cancellationToken: cancellationToken);
            link.WriteRegister(spi.Usr2, (7u << 28) | Esp32Protocol.SpiFlashRdid, cancellationToken: cancellationToken);
            link.WriteRegister(spi.W0, 0, cancellationToken: cancellationToken);
            link.WriteRegister(spi.Cmd, Esp32Protocol.SpiCmdUsr, cancellationToken: cancellationToken);
            bool done = false;
            for (int i = 0; i < Esp32Protocol.SpiCommandPolls && !done; i++)
            {
                done = (link.ReadRegister(spi.Cmd, cancellationToken) & Esp32Protocol.SpiCmdUsr) == 0;
            }

            if (!done)
            {
                throw new Esp32ProtocolException(PortName, $"The SPI flash command RDID did not complete on {PortName} (the SPI1 busy bit stayed set).");
            }

            uint id = link.ReadRegister(spi.W0, cancellationToken) & 0xFFFFFF;
            link.WriteRegister(spi.Usr, savedUsr, cancellationToken: cancellationToken);
            link.WriteRegister(spi.Usr2, savedUsr2, cancellationToken: cancellationToken);
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
                Log.Warning($"Unknown flash capacity code in JEDEC id {Hex.Address(id)} ({ident}); assuming 4 MiB.");
                return 4L * 1024 * 1024;
            }

            Log.Verbose($"Flash {ident}: {ByteSize.Format(size.Value)}.");
            return size.Value;
        }

        /// <summary>SPI_SET_PARAMS with the flash size (the ROM assumes 2 MiB otherwise and refuses writes above it).</summary>
        public void SetFlashParameters(long totalSize, CancellationToken cancellationToken = default) =>
            link.Execute(
                new Esp32CommandRequest(Esp32Command.SpiSetParams, Esp32Packet.Words(0, (uint)totalSize, 0x10000, Esp32Protocol.FlashSectorSize, 0x100, 0xFFFF), Timeouts.Default) { Attempts = Esp32CommandLink.CommandAttempts },
                cancellationToken);

        /// <summary>
        /// Writes a region as a zlib stream (FLASH_DEFL_BEGIN / FLASH_DEFL_DATA, docs/protocols/esp32-rom-loader.md §2.3). Without a known compressed
        /// length the source is read twice (once to count the compressed blocks the BEGIN command announces, once to send
        /// them) and never held whole. While the ROM inflates and programs one block, the next one is compressed: the CPU
        /// work hides behind the ROM's, and the next packet leaves the moment the reply is in. Progress reports
        /// uncompressed bytes the ROM has confirmed written. FLASH_DEFL_END is not sent: it would leave the loader.
        /// Returns the compressed length sent.
        /// </summary>
        public long WriteDeflated(Esp32DeflatedWrite write, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
        {
            if (write is null)
            {
                throw new ArgumentNullException(nameof(write));
            }

            uint offset = write.Offset;
            long length = write.Length;
            long compressed;
            if (write.CompressedLength is long known)
            {
                compressed = known;
            }
            else
            {
                using Stream counting = write.OpenSource();
                compressed = ZlibBlockCompressor.CompressedLength(counting, length, Esp32Protocol.FlashWriteSize);
            }

            // ROM form (§2.3): word 0 is the erase length, the size rounded up to a whole block; blocks of 0x400.
            long eraseSize = Padding.RoundUp(length, Esp32Protocol.FlashWriteSize);
            uint blocks = (uint)((compressed + Esp32Protocol.FlashWriteSize - 1) / Esp32Protocol.FlashWriteSize);
            TimeSpan beginTimeout = Timeouts.Cap(Esp32Protocol.TimeoutPerMegabyte(Timeouts.EraseRegionPerMegabyte, eraseSize, Timeouts.Default));
            Log.Verbose($"FLASH_DEFL_BEGIN at {Hex.Address(offset)}: {length} bytes as {compressed} compressed in {blocks} blocks of {Esp32Protocol.FlashWriteSize} (the ROM erases {eraseSize} bytes first).");

            // A local inflater tells how much each block expands to: the ROM inflates and writes before replying, so the
            // block's timeout scales with that (a block of zeros can expand a thousandfold).
            var inflater = new Inflater(noHeader: false);
            var scratch = new byte[32 * 1024];
            long written = 0;
            uint sequence = 0;
            long sent = 0;
            using (Stream source = write.OpenSource())
            using (IEnumerator<byte[]> stream = ZlibBlockCompressor.Blocks(source, length, Esp32Protocol.FlashWriteSize).GetEnumerator())
            {
                // The first block is compressed and framed before BEGIN goes out, so that work hides behind the ROM's erase.
                byte[]? next = stream.MoveNext() ? stream.Current : null;
                byte[]? nextFrame = next is null ? null : DataFrame(next, sequence);
                link.Execute(new Esp32CommandRequest(Esp32Command.FlashDeflBegin, Target.BeginPayload((uint)eraseSize, blocks, Esp32Protocol.FlashWriteSize, offset), beginTimeout), cancellationToken);
                while (next != null && nextFrame != null)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    byte[] block = next;
                    link.SendFrame(nextFrame, cancellationToken);

                    // While this block crosses the wire and the ROM programs it: work out its timeout, and compress and
                    // frame the next block, so the next packet leaves the moment the reply is in.
                    long expanded = Expand(inflater, block, scratch);
                    TimeSpan timeout = Timeouts.Cap(Esp32Protocol.TimeoutPerMegabyte(Timeouts.EraseWritePerMegabyte, expanded, Timeouts.Default));
                    next = stream.MoveNext() ? stream.Current : null;
                    nextFrame = next is null ? null : DataFrame(next, sequence + 1);
                    Esp32Response reply = link.AwaitReply(Esp32Command.FlashDeflData, timeout, cancellationToken)
                        ?? throw new Esp32ProtocolException(PortName, $"No reply to FLASH_DEFL_DATA block {sequence} of {blocks} at {Hex.Address(offset)} from the ESP32-family chip on {PortName} within {timeout.TotalSeconds:0.###} s" +
                                                           (link.BadFrames > 0 ? $"; {link.BadFrames} corrupted frames were dropped" : string.Empty) + ".");
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

            Log.Verbose($"Sent {sequence} blocks ({compressed} bytes) to {Hex.Address(offset)}.");
            return compressed;
        }

        /// <summary>
        /// Erases [<paramref name="offset"/>, offset + <paramref name="size"/>) with the ROM: it has no ERASE_REGION (stub
        /// only), but FLASH_BEGIN erases its whole erase_size range before it replies (docs/protocols/esp32-rom-loader.md §2.2), so a BEGIN announcing
        /// zero blocks, followed by nothing, is an erase. The reply's timeout scales with the size (40 s/MB, capped).
        /// </summary>
        public void EraseRegion(uint offset, long size, CancellationToken cancellationToken = default)
        {
            if (offset % Esp32Protocol.FlashSectorSize != 0 || size <= 0 || size % Esp32Protocol.FlashSectorSize != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(size), $"An erase must cover whole 4 KiB sectors; {Hex.Address(offset)} + {size} does not.");
            }

            TimeSpan timeout = Timeouts.Cap(Esp32Protocol.TimeoutPerMegabyte(Timeouts.EraseRegionPerMegabyte, size, Timeouts.Default));
            Log.Verbose($"FLASH_BEGIN at {Hex.Address(offset)} with 0 blocks: the ROM erases {size} bytes.");
            link.Execute(new Esp32CommandRequest(Esp32Command.FlashBegin, Target.BeginPayload((uint)size, 0, Esp32Protocol.FlashWriteSize, offset), timeout), cancellationToken);
        }

        /// <summary>SPI_FLASH_MD5 of a flash range: the ROM answers 32 lower-case hex characters.</summary>
        public string FlashMd5(uint offset, long size, CancellationToken cancellationToken = default)
        {
            TimeSpan timeout = Timeouts.Cap(Esp32Protocol.TimeoutPerMegabyte(Timeouts.Md5PerMegabyte, size, Timeouts.Default));
            var request = new Esp32CommandRequest(Esp32Command.SpiFlashMd5, Esp32Packet.Words(offset, (uint)size, 0, 0), timeout)
            {
                ExpectedDataLength = 32,
                Attempts = Esp32CommandLink.CommandAttempts,
            };
            Esp32Response reply = link.Execute(request, cancellationToken);
            string md5 = Encoding.ASCII.GetString(reply.Data, 0, 32).ToLowerInvariant();
            if (!Hex.IsDigits(md5))
            {
                throw new Esp32ProtocolException(PortName, $"The MD5 reply from {PortName} is not hex text: {Esp32CommandLink.Printable(md5)}.");
            }

            return md5;
        }

        /// <summary>FLASH_BEGIN(0, 0) + FLASH_END(1): "run user code", the ROM's soft reset for a port without DTR/RTS.</summary>
        public void RunUserCode(CancellationToken cancellationToken = default)
        {
            link.Execute(new Esp32CommandRequest(Esp32Command.FlashBegin, Target.BeginPayload(0, 0, Esp32Protocol.FlashWriteSize, 0), Timeouts.Default), cancellationToken);
            link.Execute(new Esp32CommandRequest(Esp32Command.FlashEnd, Esp32Packet.Words(1), Timeouts.Default), cancellationToken);
        }

        /// <summary>The SLIP frame of FLASH_DEFL_DATA for one compressed block: data header, block, checksum over the block.</summary>
        private static byte[] DataFrame(byte[] block, uint sequence) =>
            Esp32Packet.Frame(Esp32Command.FlashDeflData, Esp32Packet.DataPayload(block, 0, block.Length, sequence), Esp32Packet.Checksum(block, 0, block.Length));

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
    }
}
