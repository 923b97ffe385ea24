using FirmwareTools.Simulators.Dfu;

namespace FirmwareTools.EngineTests.Hosting;

/// <summary>
/// Holds a virtual board at a known point of a write: the first data block at or after <c>afterBytes</c> waits
/// until <see cref="Release"/>. Cancellation tests stop the pipeline while the write is held there, so what they
/// observe never depends on how fast the machine is.
/// </summary>
public sealed class DownloadGate : IDisposable
{
    private readonly ManualResetEventSlim reached = new();
    private readonly ManualResetEventSlim released = new();

    public DownloadGate(VirtualStm32Bootloader board, long afterBytes)
    {
        ArgumentNullException.ThrowIfNull(board);
        board.BeforeDownloadBlock = done =>
        {
            if (done >= afterBytes && !released.IsSet)
            {
                reached.Set();
                released.Wait();
            }
        };
    }

    /// <summary>Waits until the write reached the gate; false if it never did within <paramref name="limit"/> (a failure, not a timing assertion).</summary>
    public bool WaitReached(TimeSpan limit) => reached.Wait(limit);

    public void Release() => released.Set();

    /// <summary>Lets any held block go; the events are left for the collector, as a simulator thread may still be looking at them.</summary>
    public void Dispose() => released.Set();
}
