namespace FirmwareTools.Benchmarks;

internal static class Program
{
    private static int Main()
    {
        System.Console.WriteLine("no benchmarks yet");
        return 0;
    }
}
