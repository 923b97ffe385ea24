using System.Globalization;

namespace FirmwareTools.Tests.Images;

/// <summary>
/// Byte vectors copied from docs/protocols/dfu-dfuse.md (§5.1 and §5.4), and a bit-by-bit CRC written from the
/// note's definition so tests never check the code under test against itself.
/// </summary>
internal static class DfuTestVectors
{
    /// <summary>§5.4: one target (alt 0), one 4-byte element DE AD BE EF at 0x08000000, MicroPython conventions, 313 bytes.</summary>
    public static byte[] Example313 => Build("29 01 00 00", "94 40 52 8C");

    /// <summary>§5.4 variant with DFUImageSize = 313 (suffix included).</summary>
    public static byte[] Example313IncludingSuffix => Build("39 01 00 00", "11 AD 1A BB");

    /// <summary>§5.4 plain DFU suffix example: raw DE AD BE EF + suffix, bcdDFU 0x0100, bcdDevice 0xFFFF.</summary>
    public static byte[] PlainDfuExample => Hex("DE AD BE EF FF FF 11 DF 83 04 00 01 55 46 44 10 FE 92 F4 CD");

    // Offsets in Example313, from the §5.4 table.
    public const int TargetOffset = 0x00B;
    public const int DwTargetSizeOffset = 0x115;
    public const int DwNbElementsOffset = 0x119;
    public const int ElementOffset = 0x11D;
    public const int SuffixOffset = 0x129;
    public const int CrcOffset = 0x135;

    private static byte[] Build(string imageSize, string crc)
    {
        var bytes = new List<byte>();
        bytes.AddRange(Hex("44 66 75 53 65 01"));
        bytes.AddRange(Hex(imageSize));
        bytes.AddRange(Hex("01 54 61 72 67 65 74 00 01 00 00 00 53 54 2E 2E 2E"));
        bytes.AddRange(new byte[250]);
        bytes.AddRange(Hex("0C 00 00 00 01 00 00 00 00 00 00 08 04 00 00 00 DE AD BE EF"));
        bytes.AddRange(Hex("00 00 11 DF 83 04 1A 01 55 46 44 10"));
        bytes.AddRange(Hex(crc));
        return bytes.ToArray();
    }

    public static byte[] Hex(string hex) =>
        hex.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(h => byte.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The DFU suffix CRC as §5.1 defines it: reflected CRC-32, poly 0xEDB88320, init 0xFFFFFFFF, no final XOR.</summary>
    public static uint ReferenceCrc(byte[] data, int count)
    {
        uint crc = 0xFFFFFFFF;
        for (int i = 0; i < count; i++)
        {
            crc ^= data[i];
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return crc;
    }

    /// <summary>Rewrites the last 4 bytes with a correct CRC, so a deliberately malformed file is not caught by its CRC first.</summary>
    public static byte[] Recrc(byte[] file)
    {
        uint crc = ReferenceCrc(file, file.Length - 4);
        BitConverter.GetBytes(crc).CopyTo(file, file.Length - 4);
        return file;
    }

    /// <summary>Applies <paramref name="change"/> to a copy of <paramref name="file"/> and fixes the CRC.</summary>
    public static byte[] Mutated(byte[] file, Action<byte[]> change)
    {
        byte[] copy = (byte[])file.Clone();
        change(copy);
        return Recrc(copy);
    }

    public static void PutUInt32(byte[] file, int offset, uint value) => BitConverter.GetBytes(value).CopyTo(file, offset);
}
