using FirmwareTools.Simulators.Dfu;
using FirmwareTools.Simulators.Esp32;

namespace FirmwareTools.EngineTests.Hosting;

/// <summary>
/// Holds a virtual board at a known point of a transfer until <see cref="Release"/>: <see cref="Write"/> at the
/// first data block at or after a byte count, <see cref="Read"/> at the first block read at or after an address.
/// Cancellation tests stop the pipeline while the transfer is held there, so what they observe never depends on
/// how fast the machine is.
/// </summary>
public sealed class TransferGate : IDisposable
{
    private readonly ManualResetEventSlim reached = new();
    private readonly ManualResetEventSlim released = new();
    private readonly SemaphoreSlim steps = new(0);
    private readonly AutoResetEvent heldAgain = new(false);

    private TransferGate()
    {
    }

    /// <summary>Holds the write once <paramref name="afterBytes"/> data bytes have been accepted.</summary>
    public static TransferGate Write(VirtualStm32Bootloader board, long afterBytes)
    {
        var gate = new TransferGate();
        gate.HoldWrite(board, afterBytes);
        return gate;
    }

    /// <summary>A gate for a board that appears later (a bootloader entered during the test): <see cref="HoldWrite"/> attaches it.</summary>
    public static TransferGate ForLater() => new();

    /// <summary>Holds <paramref name="board"/>'s write once <paramref name="afterBytes"/> data bytes have been accepted.</summary>
    public void HoldWrite(VirtualStm32Bootloader board, long afterBytes)
    {
        ArgumentNullException.ThrowIfNull(board);
        board.BeforeDownloadBlock = done => HoldIf(done >= afterBytes);
    }

    /// <summary>Holds a virtual ESP32 at its first flash data block with a sequence number at or after <paramref name="afterBlocks"/>.</summary>
    public static TransferGate FlashData(VirtualEsp32Board board, uint afterBlocks)
    {
        ArgumentNullException.ThrowIfNull(board);
        var gate = new TransferGate();
        board.BeforeFlashData = seq => gate.HoldIf(seq >= afterBlocks);
        return gate;
    }

    /// <summary>Holds the read at the first block at or after <paramref name="address"/>.</summary>
    public static TransferGate Read(VirtualStm32Bootloader board, long address)
    {
        ArgumentNullException.ThrowIfNull(board);
        var gate = new TransferGate();
        board.BeforeUploadBlock = at => gate.HoldIf(at >= address);
        return gate;
    }

    /// <summary>Holds a virtual Pico's PICOBOOT write before it programs page number <paramref name="afterPages"/> or a later one.</summary>
    public static TransferGate PicobootWrite(FirmwareTools.Simulators.Rp2.VirtualRp2BootRom board, int afterPages)
    {
        ArgumentNullException.ThrowIfNull(board);
        var gate = new TransferGate();
        board.BeforeProgramPage = done => gate.HoldIf(done >= afterPages);
        return gate;
    }

    /// <summary>Waits until the write reached the gate; false if it never did within <paramref name="limit"/> (a failure, not a timing assertion).</summary>
    public bool WaitReached(TimeSpan limit) => reached.Wait(limit);

    public void Release() => released.Set();

    /// <summary>
    /// Lets the held block go but holds the next one again. A cancellation test steps the board this way until the
    /// operation sees the cancellation (PowerShell asks the cmdlet to stop only after it reports Stopping), so the board
    /// is always left part-way whatever the machine's speed.
    /// </summary>
    public void Step() => steps.Release();

    /// <summary>Set when a block is held again after <see cref="Step"/>.</summary>
    public WaitHandle HeldAgain => heldAgain;

    private void HoldIf(bool condition)
    {
        if (!condition || released.IsSet)
        {
            return;
        }

        if (reached.IsSet)
        {
            heldAgain.Set();
        }

        reached.Set();
        WaitHandle.WaitAny([released.WaitHandle, steps.AvailableWaitHandle]);
        if (!released.IsSet)
        {
            steps.Wait(0);
        }
    }

    /// <summary>Lets any held block go; the events are left for the collector, as a simulator thread may still be looking at them.</summary>
    public void Dispose()
    {
        released.Set();
    }
}
