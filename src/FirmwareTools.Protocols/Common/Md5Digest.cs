using System;
using System.IO;
using System.Security.Cryptography;

namespace FirmwareTools.Protocols
{
    /// <summary>
    /// MD5 as the ESP32 ROM's SPI_FLASH_MD5 reports it (32 lower-case hex characters, docs/protocols/esp32-rom-loader.md §2.2): of bytes, of a file
    /// padded as it is written, and of an erased region.
    /// </summary>
    public static class Md5Digest
    {
        private const int Chunk = 64 * 1024;

        public static string Of(byte[] data)
        {
            using MD5 md5 = MD5.Create();
            return Hex.Lower(md5.ComputeHash(data));
        }

        /// <summary>
        /// The MD5 the chip reports for an erased range: <paramref name="length"/> bytes of 0xFF (what esptool compares
        /// with after an erase: <c>hashlib.md5(b"\xff" * size)</c>). Streamed, so a 16 MiB erase needs 64 KiB.
        /// </summary>
        public static string Erased(long length)
        {
            if (length < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(length), "An erased range cannot be negative.");
            }

            using MD5 md5 = MD5.Create();
            var ff = new byte[(int)Math.Min(length, Chunk)];
            Padding.Fill(ff, 0, ff.Length);
            for (long done = 0; done < length; done += ff.Length)
            {
                md5.TransformBlock(ff, 0, (int)Math.Min(ff.Length, length - done), null, 0);
            }

            md5.TransformFinalBlock(ff, 0, 0);
            return Hex.Lower(md5.Hash!);
        }

        /// <summary>
        /// The MD5 of a file's first <paramref name="length"/> bytes followed by 0xFF up to a multiple of
        /// <paramref name="unit"/>: what lands in flash when the padded file is written.
        /// </summary>
        public static string OfFilePadded(string path, long length, int unit)
        {
            using MD5 md5 = MD5.Create();
            using FileStream stream = File.OpenRead(path);
            var buffer = new byte[Chunk];
            long left = length;
            int n;
            while (left > 0 && (n = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left))) > 0)
            {
                md5.TransformBlock(buffer, 0, n, null, 0);
                left -= n;
            }

            var padding = new byte[(int)(Padding.RoundUp(length, unit) - length)];
            Padding.Fill(padding, 0, padding.Length);
            md5.TransformFinalBlock(padding, 0, padding.Length);
            return Hex.Lower(md5.Hash!);
        }
    }
}
