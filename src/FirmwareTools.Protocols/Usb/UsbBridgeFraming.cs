using System;
using System.IO;

namespace FirmwareTools.Protocols.Usb
{
    /// <summary>
    /// The message framing of the loopback USB bridge: a 4-byte little-endian body length, then the body
    /// (see <see cref="UsbBridgeCommand"/>). Blocking reads and writes on any stream.
    /// </summary>
    public static class UsbBridgeFraming
    {
        /// <summary>The largest body either end accepts: a 64 KiB control transfer plus its header, with room to spare.</summary>
        public const int MaxBodyLength = 70000;

        /// <summary>Reads one message body. Returns null when the peer closed the stream cleanly between messages.</summary>
        public static byte[]? ReadMessage(Stream stream)
        {
            if (stream is null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            var header = new byte[4];
            if (!ReadExactly(stream, header, 0, 4, allowEndOfStream: true))
            {
                return null;
            }

            int length = (int)LittleEndian.ReadUInt32(header, 0);
            if (length < 1 || length > MaxBodyLength)
            {
                throw new InvalidDataException($"USB bridge message length {length} is outside 1..{MaxBodyLength}; the peer does not speak this protocol.");
            }

            var body = new byte[length];
            ReadExactly(stream, body, 0, length, allowEndOfStream: false);
            return body;
        }

        /// <summary>Writes the header and the first <paramref name="count"/> bytes of <paramref name="body"/> as one write.</summary>
        public static void WriteMessage(Stream stream, byte[] body, int count)
        {
            if (stream is null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            if (body is null)
            {
                throw new ArgumentNullException(nameof(body));
            }

            var message = new byte[4 + count];
            LittleEndian.WriteUInt32(message, 0, (uint)count);
            Array.Copy(body, 0, message, 4, count);
            stream.Write(message, 0, message.Length);
            stream.Flush();
        }

        private static bool ReadExactly(Stream stream, byte[] buffer, int offset, int count, bool allowEndOfStream)
        {
            int done = StreamReading.ReadFully(stream, buffer, offset, count);
            if (done == count)
            {
                return true;
            }

            if (done == 0 && allowEndOfStream)
            {
                return false;
            }

            throw new EndOfStreamException($"The USB bridge peer closed the connection inside a message ({done} of {count} bytes).");
        }
    }
}
