using System;
using System.Collections.Generic;

namespace FirmwareTools.Protocols.Esp32
{
    /// <summary>SLIP framing as the ESP32 ROM loader uses it (docs/protocols/esp32-rom-loader.md §1.1): 0xC0 delimits, 0xDB escapes.</summary>
    public static class Slip
    {
        public const byte End = 0xC0;
        public const byte Esc = 0xDB;
        public const byte EscEnd = 0xDC;
        public const byte EscEsc = 0xDD;

        /// <summary>Wraps one packet in delimiters, escaping 0xC0 and 0xDB inside it.</summary>
        public static byte[] Encode(byte[] packet) => Encode(packet, 0, packet?.Length ?? 0);

        public static byte[] Encode(byte[] packet, int offset, int count)
        {
            if (packet is null)
            {
                throw new ArgumentNullException(nameof(packet));
            }

            var frame = new List<byte>(count + count / 64 + 2) { End };
            for (int i = offset; i < offset + count; i++)
            {
                byte b = packet[i];
                if (b == End)
                {
                    frame.Add(Esc);
                    frame.Add(EscEnd);
                }
                else if (b == Esc)
                {
                    frame.Add(Esc);
                    frame.Add(EscEsc);
                }
                else
                {
                    frame.Add(b);
                }
            }

            frame.Add(End);
            return frame.ToArray();
        }
    }
}
