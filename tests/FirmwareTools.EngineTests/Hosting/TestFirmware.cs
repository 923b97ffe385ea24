using FirmwareTools.Protocols.Images;

namespace FirmwareTools.EngineTests.Hosting;

/// <summary>Firmware files shaped like MicroPython's PYBV11 .dfu: vectors at 0x08000000, the rest at 0x08020000.</summary>
public static class TestFirmware
{
    public const uint VectorsAddress = 0x08000000;
    public const uint TextAddress = 0x08020000;

    /// <summary>Writes a two-element DfuSe file into <paramref name="folder"/> and returns its two element payloads.</summary>
    public static (byte[] Vectors, byte[] Text) WritePyboardDfu(string folder, string name = "PYBV11-20240222-v1.22.2.dfu", int textLength = 48 * 1024, int seed = 1)
    {
        byte[] vectors = Pattern(512, seed);
        BitConverter.GetBytes(0x20020000u).CopyTo(vectors, 0);   // a plausible initial stack pointer
        byte[] text = Pattern(textLength, seed + 1);
        DfuSeFile.WriteFile(Path.Combine(folder, name), [new DfuSeTarget(0, "ST...", [new DfuSeElement(VectorsAddress, vectors), new DfuSeElement(TextAddress, text)])]);
        return (vectors, text);
    }

    public static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The bytes of the board's flash at an absolute address.</summary>
    public static byte[] FlashAt(Simulators.Dfu.VirtualStm32Bootloader board, uint address, int length) =>
        board.Flash.AsSpan((int)(address - VectorsAddress), length).ToArray();
}
