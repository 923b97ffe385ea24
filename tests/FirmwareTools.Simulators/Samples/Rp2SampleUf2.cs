using FirmwareTools.Protocols.Images;
using FirmwareTools.Simulators.Rp2;

namespace FirmwareTools.Simulators.Samples;

/// <summary>
/// A UF2 shaped like MicroPython's RPI_PICO2 download: an RP2350 Arm image at 0x10000000 that the virtual boot ROM boots
/// (an image definition marker in its first 4 KiB), led by the E10 block the SDK adds, well below the filesystem.
/// </summary>
public sealed class Rp2SampleUf2 : ISampleFirmware
{
    /// <summary>About half of a real RPI_PICO2 build, enough to cross many 4 KiB sectors.</summary>
    public const int ImageLength = 320 * 1024;

    public string FileName => "RPI_PICO2-sample.uf2";

    public string Description => "a UF2 for a Raspberry Pi Pico 2 in BOOTSEL mode (Install-Rp2Firmware)";

    public byte[] Build() => Rp2FirmwareImages.Uf2(Rp2Chip.Rp2350, ImageLength, seed: 4);
}
