using System;

namespace FirmwareTools.Protocols
{
    /// <summary>
    /// An <see cref="IProgress{T}"/> that calls its handler at once on the reporting thread, in order
    /// (<see cref="Progress{T}"/> would post each report to a SynchronizationContext or the thread pool).
    /// </summary>
    public sealed class SynchronousProgress<T> : IProgress<T>
    {
        private readonly Action<T> handler;

        public SynchronousProgress(Action<T> handler) => this.handler = handler ?? throw new ArgumentNullException(nameof(handler));

        public void Report(T value) => handler(value);
    }
}
