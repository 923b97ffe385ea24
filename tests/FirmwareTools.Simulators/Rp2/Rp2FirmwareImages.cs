using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Simulators.Rp2;

/// <summary>
/// Firmware-shaped test images for the virtual Picos: deterministic bytes that boot by the ROMs' own rules (RP2040: a
/// boot2 stage whose last word is the CRC-32/MPEG-2 of its first 252 bytes; RP2350: an image definition block start marker
/// 0xFFFFDED3 in the first 4 KiB), and their UF2 files as picotool writes them.
/// </summary>
public static class Rp2FirmwareImages
{
    public const uint FlashBase = 0x10000000;

    /// <summary>A bootable image of <paramref name="length"/> bytes for <paramref name="chip"/>; <paramref name="seed"/> varies the bytes.</summary>
    public static byte[] Bootable(Rp2Chip chip, int length, int seed = 1)
    {
        var image = new byte[Math.Max(length, 4096)];
        uint state = (uint)seed * 2654435761u;
        for (int i = 0; i < image.Length; i++)
        {
            state = (state * 1103515245) + 12345;
            image[i] = (byte)(state >> 16);
        }

        if (chip == Rp2Chip.Rp2040)
        {
            uint crc = Rp2BootCheck.Crc32Mpeg2(image, 0, Rp2BootCheck.Boot2Length);
            BitConverter.GetBytes(crc).CopyTo(image, Rp2BootCheck.Boot2Length);
        }
        else
        {
            // No marker by chance in the first 4 KiB but the one placed after the vector table.
            for (int i = 0; i + 4 <= 4096; i += 4)
            {
                if (BitConverter.ToUInt32(image, i) == Rp2BootCheck.BlockStartMarker)
                {
                    image[i] ^= 1;
                }
            }

            BitConverter.GetBytes(Rp2BootCheck.BlockStartMarker).CopyTo(image, 0x110);
        }

        return image.AsSpan(0, length).ToArray();
    }

    /// <summary>The UF2 of a bootable image at 0x10000000, with the E10 block first for RP2350 files, as the SDK builds them.</summary>
    public static byte[] Uf2(Rp2Chip chip, int length, int seed = 1, uint? familyId = null)
    {
        uint family = familyId ?? (chip == Rp2Chip.Rp2040 ? Uf2Family.Rp2040 : Uf2Family.Rp2350ArmSecure);
        return Uf2Writer.Write(Bootable(chip, length, seed), FlashBase, family, withE10Block: chip == Rp2Chip.Rp2350);
    }
}
