using System;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>Builds command packets (docs/protocols/esp32-rom-loader.md §1.2) and computes the data checksum (§1.6).</summary>
    public static class Esp32Packet
    {
        /// <summary>Direction byte of every request.</summary>
        public const byte RequestDirection = 0x00;

        /// <summary>Direction byte of every response.</summary>
        public const byte ResponseDirection = 0x01;

        /// <summary>Seed of the XOR checksum over data bytes; also the image checksum seed (§7).</summary>
        public const byte ChecksumSeed = 0xEF;

        public const int HeaderLength = 8;

        /// <summary>The 36-byte SYNC payload: 07 07 12 20 then 32 × 0x55 (the 0x55 pattern lets the ROM auto-baud).</summary>
        public static byte[] SyncPayload()
        {
            var payload = new byte[36];
            payload[0] = 0x07;
            payload[1] = 0x07;
            payload[2] = 0x12;
            payload[3] = 0x20;
            for (int i = 4; i < payload.Length; i++)
            {
                payload[i] = 0x55;
            }

            return payload;
        }

        public static byte Checksum(byte[] data, int offset, int count)
        {
            byte state = ChecksumSeed;
            for (int i = offset; i < offset + count; i++)
            {
                state ^= data[i];
            }

            return state;
        }

        /// <summary>An unescaped request packet: direction, opcode, size, checksum word, data.</summary>
        public static byte[] Build(Esp32Command command, byte[] data, uint checksum = 0)
        {
            if (data is null)
            {
                throw new ArgumentNullException(nameof(data));
            }

            if (data.Length > ushort.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(data), data.Length, "A command's data field holds at most 65535 bytes.");
            }

            var packet = new byte[HeaderLength + data.Length];
            packet[0] = RequestDirection;
            packet[1] = (byte)command;
            LittleEndian.WriteUInt16(packet, 2, (ushort)data.Length);
            LittleEndian.WriteUInt32(packet, 4, checksum);
            Buffer.BlockCopy(data, 0, packet, HeaderLength, data.Length);
            return packet;
        }

        /// <summary>The SLIP frame of a request, ready for the wire.</summary>
        public static byte[] Frame(Esp32Command command, byte[] data, uint checksum = 0) => Slip.Encode(Build(command, data, checksum));

        /// <summary>Payload of a data command: <c>len, seq, 0, 0</c> then the bytes (FLASH_DATA, FLASH_DEFL_DATA, MEM_DATA).</summary>
        public static byte[] DataPayload(byte[] block, int offset, int count, uint sequence)
        {
            var payload = new byte[16 + count];
            LittleEndian.WriteUInt32(payload, 0, (uint)count);
            LittleEndian.WriteUInt32(payload, 4, sequence);
            Buffer.BlockCopy(block, offset, payload, 16, count);
            return payload;
        }

        public static byte[] Words(params uint[] words)
        {
            var payload = new byte[words.Length * 4];
            for (int i = 0; i < words.Length; i++)
            {
                LittleEndian.WriteUInt32(payload, i * 4, words[i]);
            }

            return payload;
        }
    }
}
