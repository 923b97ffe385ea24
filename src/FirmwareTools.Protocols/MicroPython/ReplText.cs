using System.Collections.Generic;
using System.Text;

namespace FirmwareTools.Protocols.MicroPython
{
    /// <summary>Shows raw line bytes to a person: printable ASCII as is, everything else escaped (\r, \n, \x04).</summary>
    internal static class ReplText
    {
        public static string Escape(IEnumerable<byte> bytes)
        {
            var text = new StringBuilder();
            foreach (byte b in bytes)
            {
                switch (b)
                {
                    case (byte)'\r':
                        text.Append("\\r");
                        break;
                    case (byte)'\n':
                        text.Append("\\n");
                        break;
                    case (byte)'\\':
                        text.Append("\\\\");
                        break;
                    case (byte)'"':
                        text.Append("\\\"");
                        break;
                    default:
                        if (b >= 0x20 && b < 0x7F)
                        {
                            text.Append((char)b);
                        }
                        else
                        {
                            text.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                        }

                        break;
                }
            }

            return text.ToString();
        }

        public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
    }
}
