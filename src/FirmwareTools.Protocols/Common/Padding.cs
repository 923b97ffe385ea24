using System;

namespace FirmwareTools.Protocols
{
    /// <summary>Padding data to a whole number of units with the erased-flash value, as the loaders do.</summary>
    public static class Padding
    {
        /// <summary>The value erased NOR flash reads as; what the ESP32 ROM and esptool pad with.</summary>
        public const byte ErasedFlash = 0xFF;

        /// <summary><paramref name="length"/> rounded up to a multiple of <paramref name="unit"/>.</summary>
        public static long RoundUp(long length, int unit) => (length + unit - 1) / unit * unit;

        /// <summary>
        /// <paramref name="data"/> padded with 0xFF to a multiple of <paramref name="unit"/> bytes; the same array when it
        /// already is one (esptool pads every image to 4 bytes before it writes or hashes it).
        /// </summary>
        public static byte[] ToMultiple(byte[] data, int unit)
        {
            if (data is null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            int padded = (int)RoundUp(data.Length, unit);
            if (padded == data.Length)
            {
                return data;
            }

            var result = new byte[padded];
            Buffer.BlockCopy(data, 0, result, 0, data.Length);
            Fill(result, data.Length, padded - data.Length);
            return result;
        }

        /// <summary>Sets <paramref name="count"/> bytes from <paramref name="offset"/> to 0xFF.</summary>
        public static void Fill(byte[] buffer, int offset, int count)
        {
            for (int i = offset; i < offset + count; i++)
            {
                buffer[i] = ErasedFlash;
            }
        }
    }
}
