using FirmwareTools.Protocols.Images;

namespace FirmwareTools.Simulators.Samples;

/// <summary>
/// A DfuSe file shaped like MicroPython's PYBV11 .dfu: the vectors at 0x08000000 (sector 0) and the rest at 0x08020000
/// (sectors 5-7), so flashing it leaves the filesystem in sectors 1-4 alone, as the real file does.
/// </summary>
public sealed class PyboardSampleDfu : ISampleFirmware
{
    public const uint VectorsAddress = 0x08000000;
    public const uint TextAddress = 0x08020000;
    public const int TextLength = 380 * 1024;

    public string FileName => "PYBV11-sample.dfu";

    public string Description => "a DfuSe file for an STM32 pyboard (Install-PyboardFirmware)";

    public byte[] Build()
    {
        byte[] vectors = Random(512, 2);
        BitConverter.GetBytes(0x20020000u).CopyTo(vectors, 0);   // a plausible initial stack pointer
        return DfuSeFile.Write([new DfuSeTarget(0, "ST...", [new DfuSeElement(VectorsAddress, vectors), new DfuSeElement(TextAddress, Random(TextLength, 3))])]);
    }

    private static byte[] Random(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
