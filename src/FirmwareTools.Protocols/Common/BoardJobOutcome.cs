using System;

namespace FirmwareTools.Protocols
{
    /// <summary>
    /// How one board's job in a <see cref="BoardJobs{T}"/> run ended: its value, the exception it threw, or
    /// cancelled (stopped by the token, or never started because the run was cancelled first).
    /// </summary>
    public sealed class BoardJobOutcome<T>
    {
        private BoardJobOutcome(int index, T? value, Exception? error, bool cancelled)
        {
            Index = index;
            Value = value;
            Error = error;
            Cancelled = cancelled;
        }

        /// <summary>The job's position in the list given to <see cref="BoardJobs{T}.Run"/>.</summary>
        public int Index { get; }

        public T? Value { get; }

        /// <summary>What the job threw, other than its own cancellation.</summary>
        public Exception? Error { get; }

        public bool Cancelled { get; }

        public bool Succeeded => Error is null && !Cancelled;

        internal static BoardJobOutcome<T> Success(int index, T value) => new BoardJobOutcome<T>(index, value, null, false);

        internal static BoardJobOutcome<T> Failure(int index, Exception error) => new BoardJobOutcome<T>(index, default, error, false);

        internal static BoardJobOutcome<T> Cancellation(int index) => new BoardJobOutcome<T>(index, default, null, true);
    }
}
