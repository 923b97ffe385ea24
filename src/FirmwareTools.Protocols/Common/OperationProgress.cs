using System;

namespace FirmwareTools.Protocols
{
    /// <summary>
    /// One progress report from a long operation (erase, write, verify, read, download). Immutable so it
    /// can cross from a worker thread to the cmdlet's pipeline thread safely.
    /// </summary>
    public sealed class OperationProgress
    {
        /// <summary>What <see cref="Completed"/> and <see cref="Total"/> count when it is not bytes: boards, files.</summary>
        public const string Bytes = "bytes";

        public OperationProgress(string phase, long completed, long total, TimeSpan elapsed, string? target = null, bool isFinal = false)
        {
            Phase = phase;
            Completed = completed;
            Total = total;
            Elapsed = elapsed;
            Target = target;
            IsFinal = isFinal;
        }

        /// <summary>Short phase name such as "Erase", "Write", "Verify", "Read", "Download".</summary>
        public string Phase { get; }

        /// <summary>What is counted: <see cref="Bytes"/> (transfers, erases), or e.g. "boards" for a query of several boards.</summary>
        public string Unit { get; init; } = Bytes;

        /// <summary>True when <see cref="Completed"/> counts bytes, so a rate in bytes per second means something.</summary>
        public bool CountsBytes => Unit == Bytes;

        /// <summary>Units done so far (bytes for transfers; bytes of sectors for erases).</summary>
        public long Completed { get; }

        /// <summary>Units in the whole phase; 0 or less when unknown.</summary>
        public long Total { get; }

        public TimeSpan Elapsed { get; }

        /// <summary>The file, port or device the phase works on.</summary>
        public string? Target { get; }

        /// <summary>True on the last report of a phase (completed, failed or cancelled).</summary>
        public bool IsFinal { get; }

        public int PercentComplete => Total > 0 ? (int)Math.Min(100, Completed * 100 / Total) : -1;

        public double BytesPerSecond => Elapsed.TotalSeconds > 0 ? Completed / Elapsed.TotalSeconds : 0;

        /// <summary>Estimated time left, from the average rate so far; null when it cannot be estimated.</summary>
        public TimeSpan? Remaining
        {
            get
            {
                double rate = BytesPerSecond;
                if (Total <= 0 || rate <= 0 || Completed > Total)
                {
                    return null;
                }

                return TimeSpan.FromSeconds((Total - Completed) / rate);
            }
        }
    }
}
