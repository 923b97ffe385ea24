using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace FirmwareTools.Protocols
{
    /// <summary>
    /// Runs one job per board, at most <see cref="ThrottleLimit"/> at a time, and returns every job's outcome in the
    /// order the jobs were given. Jobs start in input order. One job's failure is its own outcome and does not stop
    /// the others; cancellation stops the running jobs through their token, starts no new one, and
    /// <see cref="Run"/> returns only once every started job has ended, so no device is left mid-transfer.
    /// Progress and log events are tagged with the job's index; they arrive on the job's own thread, so a caller
    /// that must write them from one thread (a cmdlet) queues them.
    /// </summary>
    public sealed class BoardJobs<T>
    {
        private readonly int throttleLimit;

        public BoardJobs(int throttleLimit)
        {
            if (throttleLimit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(throttleLimit), throttleLimit, "At least one job must be allowed to run.");
            }

            this.throttleLimit = throttleLimit;
        }

        /// <summary>How many jobs run at once.</summary>
        public int ThrottleLimit => throttleLimit;

        /// <summary>A job's log message, with the job's index.</summary>
        public Action<int, LogLevel, string>? Log { get; set; }

        /// <summary>A job's progress report, with the job's index.</summary>
        public Action<int, OperationProgress>? Progress { get; set; }

        /// <summary>Called once per job as soon as it has ended (in completion order, on the job's thread), also for jobs cancelled before they started.</summary>
        public Action<BoardJobOutcome<T>>? Finished { get; set; }

        public IReadOnlyList<BoardJobOutcome<T>> Run(IReadOnlyList<Func<OperationLog, IProgress<OperationProgress>, CancellationToken, T>> jobs, CancellationToken cancellationToken)
        {
            if (jobs is null)
            {
                throw new ArgumentNullException(nameof(jobs));
            }

            var outcomes = new BoardJobOutcome<T>[jobs.Count];
            int next = -1;

            void Work()
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < jobs.Count)
                {
                    BoardJobOutcome<T> outcome = RunOne(index, jobs[index], cancellationToken);
                    outcomes[index] = outcome;
                    Finished?.Invoke(outcome);
                }
            }

            // Board jobs block on USB and serial I/O for seconds: dedicated threads, not the thread pool, which on a
            // two-core machine would start the third and fourth job only after its slow thread injection.
            int workers = Math.Min(throttleLimit, jobs.Count);
            var tasks = new Task[workers];
            for (int i = 0; i < workers; i++)
            {
                tasks[i] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }

            Task.WaitAll(tasks);
            return outcomes;
        }

        private BoardJobOutcome<T> RunOne(int index, Func<OperationLog, IProgress<OperationProgress>, CancellationToken, T> job, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return BoardJobOutcome<T>.Cancellation(index);
            }

            OperationLog log = (level, message) => Log?.Invoke(index, level, message);
            var progress = new SynchronousProgress<OperationProgress>(value => Progress?.Invoke(index, value));
            try
            {
                return BoardJobOutcome<T>.Success(index, job(log, progress, cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return BoardJobOutcome<T>.Cancellation(index);
            }
#pragma warning disable CA1031 // Every failure belongs to its board's outcome; the caller decides what is fatal.
            catch (Exception e)
#pragma warning restore CA1031
            {
                return BoardJobOutcome<T>.Failure(index, e);
            }
        }
    }
}
