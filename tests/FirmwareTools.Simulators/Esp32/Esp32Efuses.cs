namespace FirmwareTools.Simulators.Esp32;

/// <summary>The ESP32 eFuse read words (EFUSE_BLK0_RDATA0..6 at 0x3FF5A000) a board with the given settings shows (docs/protocols/esp32-rom-loader.md §4.3).</summary>
public static class Esp32Efuses
{
    public const uint ReadBase = 0x3FF5A000;
    public const int WordCount = 7;

    /// <summary>The three revision bits (word 3 bit 15, word 5 bit 20, APB_CTL_DATE bit 31) that decode to each major revision.</summary>
    public static int RevisionBits(int majorRevision) => majorRevision switch
    {
        0 => 0,
        1 => 1,
        2 => 3,
        3 => 7,
        _ => throw new ArgumentOutOfRangeException(nameof(majorRevision), majorRevision, "ESP32 major revisions are 0 to 3."),
    };

    public static uint[] Words(VirtualEsp32Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        IReadOnlyList<byte> mac = settings.Mac;
        if (mac.Count != 6)
        {
            throw new ArgumentException("The MAC must have 6 bytes.", nameof(settings));
        }

        int rev = RevisionBits(settings.MajorRevision);
        int pkg = settings.PackageVersion;
        var words = new uint[WordCount];
        words[1] = ((uint)mac[2] << 24) | ((uint)mac[3] << 16) | ((uint)mac[4] << 8) | mac[5];
        words[2] = ((uint)Crc8(mac) << 16) | ((uint)mac[0] << 8) | mac[1];
        words[3] = ((uint)(pkg & 7) << 9) | ((uint)((pkg >> 3) & 1) << 2) | ((uint)(rev & 1) << 15);
        words[4] = (uint)(settings.Ck8mFrequencyEfuse & 0xFF) | ((uint)(settings.AdcVrefCalibration & 0x1F) << 8);
        words[5] = ((uint)((rev >> 1) & 1) << 20) | ((uint)(settings.MinorRevision & 3) << 24);
        return words;
    }

    // The MAC CRC-8 in word 2 bits 16-23 (reflected polynomial 0x8C, init 0); esptool ignores it, so the byte order
    // it covers is not verified here [I].
    private static byte Crc8(IReadOnlyList<byte> mac)
    {
        byte crc = 0;
        foreach (byte b in mac)
        {
            crc ^= b;
            for (int i = 0; i < 8; i++)
            {
                crc = (crc & 1) != 0 ? (byte)((crc >> 1) ^ 0x8C) : (byte)(crc >> 1);
            }
        }

        return crc;
    }
}
