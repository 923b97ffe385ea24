using System;
using System.Collections.Generic;
using System.IO;
using ICSharpCode.SharpZipLib.Zip.Compression;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// Compresses a stream into a zlib stream (2-byte header, deflate body, Adler-32 trailer: what FLASH_DEFL_* needs,
    /// docs/protocols/esp32-rom-loader.md §2.3) and hands it out in fixed-size blocks, holding only one input chunk and one block at a time, so a
    /// 16 MiB image costs the same memory as a 16 KiB one. Level 9, as esptool.
    /// </summary>
    public static class ZlibBlockCompressor
    {
        public const int CompressionLevel = 9;

        private const int InputChunk = 64 * 1024;

        /// <summary>
        /// The zlib stream of <paramref name="length"/> bytes: the source's bytes, then 0xFF up to <paramref name="length"/>
        /// if the source is shorter (the 4-byte padding of an image). Each yielded array is a fresh block of
        /// <paramref name="blockSize"/> bytes except the last, which is shorter.
        /// </summary>
        public static IEnumerable<byte[]> Blocks(Stream source, long length, int blockSize)
        {
            if (source is null)
            {
                throw new ArgumentNullException(nameof(source));
            }

            var deflater = new Deflater(CompressionLevel, noZlibHeaderOrFooter: false);
            var input = new byte[InputChunk];
            var output = new byte[blockSize];
            int filled = 0;
            long remaining = length;
            while (!deflater.IsFinished)
            {
                if (deflater.IsNeedingInput && remaining > 0)
                {
                    int want = (int)Math.Min(input.Length, remaining);
                    int got = StreamReading.ReadFully(source, input, want);
                    for (int i = got; i < want; i++)
                    {
                        input[i] = 0xFF;
                    }

                    deflater.SetInput(input, 0, want);
                    remaining -= want;
                    if (remaining == 0)
                    {
                        deflater.Finish();
                    }
                }
                else if (deflater.IsNeedingInput && remaining == 0)
                {
                    deflater.Finish();
                }

                int n = deflater.Deflate(output, filled, output.Length - filled);
                filled += n;
                if (filled == output.Length)
                {
                    yield return output;
                    output = new byte[blockSize];
                    filled = 0;
                }
            }

            if (filled > 0)
            {
                var last = new byte[filled];
                Buffer.BlockCopy(output, 0, last, 0, filled);
                yield return last;
            }
        }

        /// <summary>The zlib stream's length, computed by compressing once and discarding the output (the BEGIN command needs the block count).</summary>
        public static long CompressedLength(Stream source, long length, int blockSize)
        {
            long total = 0;
            foreach (byte[] block in Blocks(source, length, blockSize))
            {
                total += block.Length;
            }

            return total;
        }
    }
}
