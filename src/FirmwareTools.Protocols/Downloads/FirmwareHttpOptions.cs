using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>
    /// How firmware sources talk HTTP: the handler (tests and proxies plug in here), timeouts, retries with
    /// back-off, and whether plain http is acceptable. Defaults suit a slow real network; tests shrink them.
    /// </summary>
    public sealed class FirmwareHttpOptions
    {
        /// <summary>The handler to send requests through; null means a default <see cref="HttpClientHandler"/>, which uses the system proxy as .NET does.</summary>
        public HttpMessageHandler? Handler { get; init; }

        /// <summary>Time allowed for the response headers of one attempt.</summary>
        public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

        /// <summary>Time allowed between two reads of the body; a slow but moving download never times out.</summary>
        public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

        /// <summary>Attempts per request, counting the first; transient failures (5xx, 408, 429, resets, timeouts) are retried.</summary>
        public int MaxAttempts { get; init; } = 4;

        public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

        public double BackoffMultiplier { get; init; } = 2.0;

        public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(20);

        /// <summary>How to wait between attempts (replaceable so tests do not sleep).</summary>
        public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = (delay, token) => Task.Delay(delay, token);

        /// <summary>Accept http:// links. Off by default: firmware fetched in clear text can be swapped on the way.</summary>
        public bool AllowHttp { get; init; }

        /// <summary>
        /// The largest text resource read into memory (a board page, a JSON answer): 4 MiB, forty times today's largest
        /// board page. A server that sends more (or announces more) is refused before it can exhaust memory.
        /// </summary>
        public long MaxTextLength { get; init; } = 4L * 1024 * 1024;

        /// <summary>
        /// The largest file a download writes: 256 MiB, far above any firmware image or Pycom tarball, so a server that
        /// streams forever cannot fill the disk.
        /// </summary>
        public long MaxDownloadLength { get; init; } = 256L * 1024 * 1024;

        /// <summary>Report download progress each time at least this many more bytes have arrived.</summary>
        public int ProgressGranularity { get; init; } = 64 * 1024;

        /// <summary>Sent as User-Agent so site owners can tell who is calling.</summary>
        public string UserAgent { get; init; } = "FirmwareTools";

        internal TimeSpan BackoffFor(int failedAttempt)
        {
            double seconds = InitialBackoff.TotalSeconds * Math.Pow(BackoffMultiplier, failedAttempt - 1);
            return TimeSpan.FromSeconds(Math.Min(seconds, MaxBackoff.TotalSeconds));
        }
    }
}
