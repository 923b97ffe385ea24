using System;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>
    /// One decoded response frame (docs/protocols/esp32-rom-loader.md §1.3): direction 0x01, the echoed opcode, the <c>value</c> word and the data
    /// field, which ends with the status bytes (4 on the ESP32 ROM: status, error, reserved, reserved).
    /// </summary>
    public sealed class Esp32Response
    {
        private Esp32Response(byte direction, byte opcode, uint value, byte[] data)
        {
            Direction = direction;
            Opcode = opcode;
            Value = value;
            Data = data;
        }

        public byte Direction { get; }

        public byte Opcode { get; }

        /// <summary>READ_REG's result; junk for most other commands.</summary>
        public uint Value { get; }

        /// <summary>The whole data field, status bytes included.</summary>
        public byte[] Data { get; }

        public bool IsResponse => Direction == Esp32Packet.ResponseDirection;

        /// <summary>Parses a decoded SLIP frame; false for frames shorter than a header or whose size field disagrees.</summary>
        public static bool TryParse(byte[] frame, out Esp32Response? response)
        {
            response = null;
            if (frame is null || frame.Length < Esp32Packet.HeaderLength)
            {
                return false;
            }

            int size = LittleEndian.ReadUInt16(frame, 2);
            if (frame.Length - Esp32Packet.HeaderLength < size)
            {
                return false;
            }

            var data = new byte[size];
            Buffer.BlockCopy(frame, Esp32Packet.HeaderLength, data, 0, size);
            response = new Esp32Response(frame[0], frame[1], LittleEndian.ReadUInt32(frame, 4), data);
            return true;
        }

        /// <summary>
        /// The status pair for a command expected to return <paramref name="expectedDataLength"/> bytes before the status
        /// (esptool's rule, §1.4): at data[N], data[N+1]; the ROM's two reserved bytes after them are ignored. When the data
        /// is too short, the first two bytes are the status.
        /// </summary>
        public (byte Status, byte Error) StatusFor(int expectedDataLength)
        {
            if (Data.Length >= expectedDataLength + 2)
            {
                return (Data[expectedDataLength], Data[expectedDataLength + 1]);
            }

            if (Data.Length >= 2)
            {
                return (Data[0], Data[1]);
            }

            // A 0- or 1-byte data field carries no usable status: report it as a failure with the undefined code.
            return (Data.Length == 1 ? Data[0] : (byte)1, 0);
        }

        /// <summary>True when the status says "failed" and the reason is "invalid message format": the command is unsupported here.</summary>
        public bool IsUnsupportedCommand => Data.Length >= 2 && Data[0] != 0 && Data[1] == (byte)Esp32RomError.InvalidMessageFormat;
    }
}
