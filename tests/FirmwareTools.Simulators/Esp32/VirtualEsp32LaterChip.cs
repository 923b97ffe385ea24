using System.Buffers.Binary;

namespace FirmwareTools.Simulators.Esp32;

/// <summary>
/// What the S2, S3, C3 and C6 ROMs share (docs/protocols/esp32-family.md §6.1): 20-byte BEGIN (16 refused unless
/// <see cref="VirtualEsp32Settings.Require20ByteBegin"/> is off), GET_SECURITY_INFO, eFuse BLK1 words w0..w5 (and BLK2
/// word 4 on S2/S3) built from the settings as §2.3 lays them out.
/// </summary>
public abstract class VirtualEsp32LaterChip : VirtualEsp32Chip
{
    /// <summary>GET_SECURITY_INFO's chip id (and the image chip id): S2 2, S3 9, C3 5, C6 13.</summary>
    public abstract uint ChipId { get; }

    /// <summary>BLK1 base: w0 (MAC word 0) .. w5.</summary>
    public abstract uint EfuseBlock1 { get; }

    /// <summary>BLK2 base on the S2 and S3 (word 4 is read); null on the others.</summary>
    public virtual uint? EfuseBlock2 => null;

    /// <summary>The S2's GET_SECURITY_INFO body is 12 bytes (no chip id), the others' 20 (§2.2).</summary>
    public virtual bool ShortSecurityInfo => false;

    /// <summary>The chip's api_version when <see cref="VirtualEsp32Settings.SecurityInfoApiVersion"/> is not set.</summary>
    public virtual uint DefaultApiVersion => 0;

    public override bool AcceptsBeginLength(int length, VirtualEsp32Settings settings) =>
        length == 20 || (length == 16 && !settings.Require20ByteBegin);

    public override byte[]? SecurityInfo(VirtualEsp32Settings settings)
    {
        var body = new byte[ShortSecurityInfo ? 12 : 20];
        BinaryPrimitives.WriteUInt32LittleEndian(body, settings.SecureDownloadMode ? 1u << 2 : 0);
        for (int i = 0; i < 7 && i < settings.KeyPurposes.Count; i++)
        {
            body[5 + i] = settings.KeyPurposes[i];
        }

        if (!ShortSecurityInfo)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(12), ChipId);
            BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(16), settings.SecurityInfoApiVersion ?? DefaultApiVersion);
        }

        return body;
    }

    public override bool TryReadRegister(uint address, VirtualEsp32Settings settings, int boardBaud, out uint value)
    {
        if (address >= EfuseBlock1 && address < EfuseBlock1 + 24 && address % 4 == 0)
        {
            value = Block1(settings)[(address - EfuseBlock1) / 4];
            return true;
        }

        if (EfuseBlock2 is uint blk2 && address == blk2 + 16)
        {
            value = Block2Word4(settings);
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>BLK1 w0..w5 for these settings: w0/w1 the MAC (common), the rest per chip.</summary>
    public uint[] Block1(VirtualEsp32Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        IReadOnlyList<byte> mac = settings.Mac;
        var words = new uint[6];
        words[0] = ((uint)mac[2] << 24) | ((uint)mac[3] << 16) | ((uint)mac[4] << 8) | mac[5];
        words[1] = ((uint)mac[0] << 8) | mac[1];
        FillIdentity(words, settings);
        return words;
    }

    /// <summary>Puts package, revision and capability fields into w1..w5 (§2.3).</summary>
    protected abstract void FillIdentity(uint[] words, VirtualEsp32Settings settings);

    /// <summary>BLK2 word 4 (S2: calibration version in 6:4; S3: BLK_VERSION_MAJOR in 1:0).</summary>
    protected virtual uint Block2Word4(VirtualEsp32Settings settings) => 0;

    /// <summary>Banner lines of §2.5 around a boot line.</summary>
    protected static string Banner(string rom, string build, string boot, bool download) =>
        $"{rom}\r\n{build}\r\nrst:0x1 (POWERON),{boot}\r\n" + (download ? "waiting for download\r\n" : "");
}
