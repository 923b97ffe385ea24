namespace FirmwareTools.Tests.Images;

/// <summary>
/// The otadata partition as docs/protocols/esp32-rom-loader.md §10.1 describes Pycom's updater writing it, computed here without the product code:
/// struct.pack('&lt;5I16s', ...) + binascii.crc32(b'\xff' * 4 + record) as '&lt;I', then 0xFF to 4 KiB. The CRC is a
/// bitwise CRC-32 (reflected 0xEDB88320), itself checked against the standard check value.
/// </summary>
internal static class OtadataReference
{
    public static byte[] Expected(bool bootOta0, uint imageSize)
    {
        var record = new List<byte>();
        uint[] words = bootOta0 ? new uint[] { 1, 0, 0, imageSize, 0 } : new uint[] { 0, 1, 0, imageSize, 0 };
        foreach (uint word in words)
        {
            record.AddRange(BitConverter.GetBytes(word));
        }

        record.AddRange(Enumerable.Repeat((byte)0xFF, 16));
        uint crc = Crc32(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }.Concat(record).ToArray());
        record.AddRange(BitConverter.GetBytes(crc));
        record.AddRange(Enumerable.Repeat((byte)0xFF, 0x1000 - record.Count));
        return record.ToArray();
    }

    public static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
