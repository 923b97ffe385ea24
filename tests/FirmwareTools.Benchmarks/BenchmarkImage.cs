namespace FirmwareTools.Benchmarks;

/// <summary>
/// A pyboard-shaped firmware image: a small element at 0x08000000 (vectors and early text in sector 0) and the
/// rest at 0x08020000 (sector 5 on), as MicroPython's firmware.dfu lays it out. Deterministic pseudo-random
/// contents, so nothing compresses or repeats by accident.
/// </summary>
internal sealed class BenchmarkImage
{
    public const uint FirstAddress = 0x08000000;
    public const uint SecondAddress = 0x08020000;

    public BenchmarkImage(int firstLength, int secondLength)
    {
        First = Fill(firstLength, seed: 405);
        Second = Fill(secondLength, seed: 11);
    }

    public byte[] First { get; }

    public byte[] Second { get; }

    public int TotalLength => First.Length + Second.Length;

    public IEnumerable<(uint Address, byte[] Data)> Elements => [(FirstAddress, First), (SecondAddress, Second)];

    private static byte[] Fill(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
