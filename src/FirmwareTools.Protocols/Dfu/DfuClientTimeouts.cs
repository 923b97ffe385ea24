using System;

namespace FirmwareTools.Protocols.Dfu
{
    /// <summary>
    /// USB timeouts and per-operation budgets of <see cref="DfuClient"/> (docs/protocols/dfu-dfuse.md §4.9). A budget is how long the
    /// client waits in the second GETSTATUS for the device to finish; the device paces it by holding the
    /// request off, so nothing here is a sleep.
    /// </summary>
    public sealed class DfuClientTimeouts
    {
        public static DfuClientTimeouts Default { get; } = new DfuClientTimeouts();

        /// <summary>USB timeout of every request that does not wait for flash work (DNLOAD, UPLOAD, ABORT, first GETSTATUS).</summary>
        public TimeSpan Request { get; init; } = TimeSpan.FromSeconds(5);

        public TimeSpan SetAddress { get; init; } = TimeSpan.FromSeconds(2);

        /// <summary>One wTransferSize block: 2 KiB takes 51 ms at worst (512 words x 100 µs).</summary>
        public TimeSpan Write { get; init; } = TimeSpan.FromSeconds(2);

        public TimeSpan Erase16K { get; init; } = TimeSpan.FromSeconds(2);

        public TimeSpan Erase64K { get; init; } = TimeSpan.FromSeconds(4);

        public TimeSpan Erase128K { get; init; } = TimeSpan.FromSeconds(6);

        /// <summary>The F405 reports 100 ms for a mass erase that takes up to 32 s.</summary>
        public TimeSpan MassErase { get; init; } = TimeSpan.FromSeconds(45);

        /// <summary>The one last long GETSTATUS after a budget ran out: the device may still finish (§4.9 step 5).</summary>
        public TimeSpan FinalPoll { get; init; } = TimeSpan.FromSeconds(10);

        /// <summary>Budget for erasing one sector of <paramref name="sectorSize"/> bytes; sectors above 128 KiB scale linearly.</summary>
        public TimeSpan EraseBudget(long sectorSize)
        {
            if (sectorSize <= 16 * 1024)
            {
                return Erase16K;
            }

            if (sectorSize <= 64 * 1024)
            {
                return Erase64K;
            }

            if (sectorSize <= 128 * 1024)
            {
                return Erase128K;
            }

            return TimeSpan.FromTicks(Erase128K.Ticks * ((sectorSize + (128 * 1024) - 1) / (128 * 1024)));
        }
    }
}
