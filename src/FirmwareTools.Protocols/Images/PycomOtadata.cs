using System;
using ICSharpCode.SharpZipLib.Checksum;

namespace FirmwareTools.Protocols.Images
{
    /// <summary>
    /// The otadata record Pycom's updater writes when a script wrote factory or ota_0 but not otadata itself (docs/protocols/esp32-rom-loader.md §10.1):
    /// five little-endian u32 (ota_0: 1, 0, 0, image size, 0; factory: 0, 1, 0, image size, 0), sixteen 0xFF (the
    /// signature field), the CRC-32 of FF FF FF FF followed by those 36 bytes, then 0xFF up to the partition's size.
    /// </summary>
    public static class PycomOtadata
    {
        public const int WordCount = 5;

        public const int SignatureLength = 16;

        /// <summary>5 × u32 + the 16-byte signature: the bytes the CRC covers after its 4-byte 0xFF prefix.</summary>
        public const int RecordLength = (WordCount * 4) + SignatureLength;

        /// <summary>Record plus its CRC-32.</summary>
        public const int EntryLength = RecordLength + 4;

        public const int DefaultPartitionSize = 0x1000;

        /// <summary>The padded otadata partition content selecting ota_0 (<paramref name="bootOta0"/>) or factory.</summary>
        public static byte[] Create(bool bootOta0, uint imageSize, int partitionSize = DefaultPartitionSize)
        {
            if (partitionSize < EntryLength)
            {
                throw new ArgumentOutOfRangeException(nameof(partitionSize), partitionSize, "The otadata partition is smaller than one record.");
            }

            var content = new byte[partitionSize];
            for (int i = 0; i < content.Length; i++)
            {
                content[i] = 0xFF;
            }

            uint[] words = bootOta0 ? new uint[] { 1, 0, 0, imageSize, 0 } : new uint[] { 0, 1, 0, imageSize, 0 };
            for (int i = 0; i < words.Length; i++)
            {
                LittleEndian.WriteUInt32(content, i * 4, words[i]);
            }

            // The 16 signature bytes stay 0xFF from the fill. The updater's CRC is binascii.crc32 over FF FF FF FF + record.
            var crc = new Crc32();
            crc.Update(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF });
            crc.Update(new ArraySegment<byte>(content, 0, RecordLength));
            LittleEndian.WriteUInt32(content, RecordLength, (uint)crc.Value);
            return content;
        }
    }
}
