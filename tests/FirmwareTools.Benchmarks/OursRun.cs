namespace FirmwareTools.Benchmarks;

/// <summary>Our DfuSeFlasher on a fresh simulator, over the in-process IUsbDevice.</summary>
internal static class OursRun
{
    public static (TimeSpan Elapsed, bool Verified) Flash(BenchmarkImage image, Simulators.Dfu.VirtualStm32BootloaderSettings settings) =>
        throw new NotSupportedException("DfuSeFlasher is not on this branch yet (feat/dfuclient).");
}
