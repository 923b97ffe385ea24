using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// The header of an ESP32 firmware image (docs/protocols/esp32-rom-loader.md §7), read and checked without holding the file:
    /// magic 0xE9, at most 16 segments, a valid extended header, every segment inside the file, the checksum byte and the
    /// appended SHA-256 when the header says one is there. Bytes after the image (a MicroPython merged .bin carries the
    /// partition table and the app behind the bootloader) are not part of it.
    /// </summary>
    public sealed class Esp32Image
    {
        public const byte Magic = 0xE9;
        public const int MaxSegments = 16;
        public const int HeaderLength = 24;
        public const int DigestLength = 32;

        private Esp32Image()
        {
        }

        public int SegmentCount => Segments.Count;

        public IReadOnlyList<Esp32ImageSegment> Segments { get; private set; } = new Esp32ImageSegment[0];

        public byte FlashMode { get; private set; }

        /// <summary>Byte 3: flash size (high nibble) and frequency (low nibble).</summary>
        public byte FlashSizeFrequency { get; private set; }

        public uint EntryPoint { get; private set; }

        /// <summary>The chip the image was built for (ESP32 = 0).</summary>
        public int ChipId { get; private set; }

        public int MinRevision { get; private set; }

        /// <summary>major × 100 + minor; 0 = field absent (use <see cref="MinRevision"/> only), 0xFFFF = no maximum.</summary>
        public int MinRevisionFull { get; private set; }

        public int MaxRevisionFull { get; private set; }

        public bool HashAppended { get; private set; }

        /// <summary>Bytes from the start through the checksum byte (and the digest when appended).</summary>
        public long Length { get; private set; }

        public byte Checksum { get; private set; }

        /// <summary>True when the first bytes of the file are an ESP32 image's magic (cheap pre-check).</summary>
        public static bool HasMagic(Stream stream)
        {
            if (stream is null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            int b = stream.ReadByte();
            return b == Magic;
        }

        /// <summary>Reads and validates the image at the stream's start; throws <see cref="Esp32ImageException"/> naming <paramref name="path"/>.</summary>
        public static Esp32Image Read(Stream stream, string path)
        {
            if (stream is null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            using SHA256 sha = SHA256.Create();
            var header = new byte[HeaderLength];
            if (StreamReading.ReadFully(stream, header, header.Length) < header.Length)
            {
                throw new Esp32ImageException(path, $"it is {stream.Length} bytes, shorter than an ESP32 image header ({HeaderLength} bytes)");
            }

            if (header[0] != Magic)
            {
                throw new Esp32ImageException(path, string.Format(CultureInfo.InvariantCulture, "it does not start with the ESP32 image magic 0xE9 (first byte 0x{0:X2})", header[0]));
            }

            int segments = header[1];
            if (segments == 0 || segments > MaxSegments)
            {
                throw new Esp32ImageException(path, $"its header declares {segments} segments (an ESP32 image has 1 to {MaxSegments})");
            }

            byte hashAppended = header[23];
            if (hashAppended > 1)
            {
                throw new Esp32ImageException(path, $"its extended header's hash-appended byte is {hashAppended} (must be 0 or 1)");
            }

            var image = new Esp32Image
            {
                FlashMode = header[2],
                FlashSizeFrequency = header[3],
                EntryPoint = LittleEndian.ReadUInt32(header, 4),
                ChipId = LittleEndian.ReadUInt16(header, 12),
                MinRevision = header[14],
                MinRevisionFull = LittleEndian.ReadUInt16(header, 15),
                MaxRevisionFull = LittleEndian.ReadUInt16(header, 17),
                HashAppended = hashAppended == 1,
            };
            sha.TransformBlock(header, 0, header.Length, null, 0);

            byte checksum = 0xEF;
            long position = HeaderLength;
            var list = new List<Esp32ImageSegment>();
            var segmentHeader = new byte[8];
            var buffer = new byte[64 * 1024];
            for (int i = 0; i < segments; i++)
            {
                if (StreamReading.ReadFully(stream, segmentHeader, 8) < 8)
                {
                    throw new Esp32ImageException(path, $"the file ends inside the header of segment {i + 1} of {segments} (at byte {position})");
                }

                sha.TransformBlock(segmentHeader, 0, 8, null, 0);
                uint load = LittleEndian.ReadUInt32(segmentHeader, 0);
                uint length = LittleEndian.ReadUInt32(segmentHeader, 4);
                position += 8;
                if (position + length > stream.Length)
                {
                    throw new Esp32ImageException(path, string.Format(CultureInfo.InvariantCulture,
                        "segment {0} of {1} (load address 0x{2:X8}) claims {3} bytes at byte {4}, past the end of the {5}-byte file", i + 1, segments, load, length, position, stream.Length));
                }

                list.Add(new Esp32ImageSegment(load, length, position));
                long left = length;
                while (left > 0)
                {
                    int n = StreamReading.ReadFully(stream, buffer, (int)Math.Min(buffer.Length, left));
                    for (int k = 0; k < n; k++)
                    {
                        checksum ^= buffer[k];
                    }

                    sha.TransformBlock(buffer, 0, n, null, 0);
                    left -= n;
                }

                position += length;
            }

            // Zero padding so the checksum byte lands at an offset ≡ 15 (mod 16).
            int padding = (int)(15 - (position % 16));
            var tail = new byte[padding + 1];
            if (StreamReading.ReadFully(stream, tail, tail.Length) < tail.Length)
            {
                throw new Esp32ImageException(path, "the file ends before the image's checksum byte");
            }

            sha.TransformFinalBlock(tail, 0, tail.Length);
            position += tail.Length;
            image.Checksum = tail[padding];
            if (image.Checksum != checksum)
            {
                throw new Esp32ImageException(path, string.Format(CultureInfo.InvariantCulture,
                    "its checksum byte is 0x{0:X2} but the segment data gives 0x{1:X2}: the image is damaged", image.Checksum, checksum));
            }

            if (image.HashAppended)
            {
                var digest = new byte[DigestLength];
                if (StreamReading.ReadFully(stream, digest, DigestLength) < DigestLength)
                {
                    throw new Esp32ImageException(path, "its header says a SHA-256 digest is appended, but the file ends before it");
                }

                byte[] computed = sha.Hash!;
                if (!digest.SequenceEqual(computed))
                {
                    throw new Esp32ImageException(path, "its appended SHA-256 digest does not match the image: the image is damaged");
                }

                position += DigestLength;
            }

            image.Segments = list;
            image.Length = position;
            return image;
        }

        public static Esp32Image Read(string path)
        {
            using FileStream stream = File.OpenRead(path);
            return Read(stream, path);
        }

        /// <summary>
        /// Whether a chip of revision <paramref name="revisionFull"/> (major × 100 + minor) may run this image (§7).
        /// <paramref name="legacyRevision"/> is what the legacy min_rev byte is compared with when the image has no full
        /// range: the major revision, except on the ESP32-C3, where it is the minor one (docs/protocols/esp32-family.md §2.3).
        /// A maximum of 0xFFFF with a minimum of 0 and a legacy byte set also means the legacy rule (§4.2).
        /// </summary>
        public bool SupportsRevision(int legacyRevision, int revisionFull)
        {
            if (MaxRevisionFull == 0 || (MaxRevisionFull == 0xFFFF && MinRevisionFull == 0 && MinRevision != 0))
            {
                return MinRevision <= legacyRevision;
            }

            return MinRevisionFull <= revisionFull && (MaxRevisionFull == 0xFFFF || revisionFull <= MaxRevisionFull);
        }
    }
}
