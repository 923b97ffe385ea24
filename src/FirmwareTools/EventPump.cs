using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;

namespace FirmwareTools
{
    /// <summary>
    /// Carries a worker's events to the cmdlet's pipeline thread (PowerShell refuses Write* calls from any other thread):
    /// the worker posts actions, the pipeline thread runs them in order until the work ends, then completes every
    /// progress activity, also when the work failed or the pipeline stopped.
    /// </summary>
    internal sealed class EventPump : IDisposable
    {
        private readonly BlockingCollection<Action> events = new BlockingCollection<Action>();

        /// <summary>Queues <paramref name="action"/> to run on the pipeline thread.</summary>
        public void Post(Action action) => events.Add(action);

        /// <summary>Runs <paramref name="work"/> on a worker thread; when it ends, however it ends, no more events come.</summary>
        public Task<T> Start<T>(Func<T> work) =>
            Task.Run(() =>
            {
                try
                {
                    return work();
                }
                finally
                {
                    events.CompleteAdding();
                }
            });

        /// <summary>
        /// Runs the posted events on this (the pipeline's) thread until <paramref name="work"/> ends. When the pipeline
        /// cannot take more output (Ctrl+C makes Write* throw), <paramref name="cancel"/> stops the work, which is waited
        /// for so it leaves each device in a sane state and stops posting before the queue is disposed.
        /// </summary>
        public void Pump(Task work, IReadOnlyList<ProgressWriter> writers, Action cancel)
        {
            try
            {
                foreach (Action pending in events.GetConsumingEnumerable())
                {
                    pending();
                }
            }
            catch
            {
                cancel();
                WaitQuietly(work);
                throw;
            }
            finally
            {
                try
                {
                    foreach (ProgressWriter writer in writers)
                    {
                        writer.CompleteAll();
                    }
                }
                catch (PipelineStoppedException)
                {
                    // Nothing more can be shown once the pipeline is stopping.
                }
            }
        }

        public void Dispose() => events.Dispose();

        private static void WaitQuietly(Task task)
        {
            try
            {
                task.Wait();
            }
            catch (AggregateException)
            {
                // The work's own failure is secondary to the one being rethrown.
            }
        }
    }
}
