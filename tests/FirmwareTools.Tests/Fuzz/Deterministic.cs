using CsCheck;

namespace FirmwareTools.Tests.Fuzz;

/// <summary>
/// Runs a CsCheck generator a fixed number of times from a fixed PCG seed, so every run checks the same inputs (no
/// flakiness). A failure names the iteration's seed: <c>gen.Sample(assert, seed: "...")</c> replays and shrinks it.
/// </summary>
internal static class Deterministic
{
    public static void ForAll<T>(Gen<T> gen, Action<T> assert, int iterations = 200, ulong seed = 20261124)
    {
        var pcg = new PCG(7, seed);
        for (int i = 0; i < iterations; i++)
        {
            string state = pcg.ToString();
            T value = gen.Generate(pcg, null, out _);
            try
            {
                assert(value);
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"Property failed at iteration {i} (seed \"{state}\") for {Check.Print(value)}: {ex.Message}", ex);
            }
        }
    }

    public static async Task ForAllAsync<T>(Gen<T> gen, Func<T, Task> assert, int iterations, ulong seed = 20261124)
    {
        var pcg = new PCG(7, seed);
        for (int i = 0; i < iterations; i++)
        {
            string state = pcg.ToString();
            T value = gen.Generate(pcg, null, out _);
            try
            {
                await assert(value);
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"Property failed at iteration {i} (seed \"{state}\") for {Check.Print(value)}: {ex.Message}", ex);
            }
        }
    }
}
