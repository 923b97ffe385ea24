using System;
using System.IO;

namespace FirmwareTools.Protocols
{
    /// <summary>Reading a stream whose Read may return fewer bytes than asked (a gzip stream, a socket, a tar entry).</summary>
    public static class StreamReading
    {
        /// <summary>
        /// Reads until <paramref name="count"/> bytes are at <paramref name="offset"/> in <paramref name="buffer"/> or the
        /// stream ends; returns how many arrived (fewer only at the end of the stream).
        /// </summary>
        public static int ReadFully(Stream source, byte[] buffer, int offset, int count)
        {
            if (source is null)
            {
                throw new ArgumentNullException(nameof(source));
            }

            int total = 0;
            while (total < count)
            {
                int n = source.Read(buffer, offset + total, count - total);
                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            return total;
        }

        /// <summary>The first <paramref name="count"/> bytes from the start of <paramref name="buffer"/>; see the other overload.</summary>
        public static int ReadFully(Stream source, byte[] buffer, int count) => ReadFully(source, buffer, 0, count);
    }
}
