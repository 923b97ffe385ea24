using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace FirmwareTools.Protocols.Downloads
{
    /// <summary>
    /// The one HTTP path of the firmware sources: scheme policy, per-attempt timeouts, retries with back-off
    /// for transient failures, and the translation of every failure into a message a user can act on.
    /// </summary>
    public sealed class FirmwareHttp : IDisposable
    {
        private readonly HttpClient client;

        public FirmwareHttp(FirmwareHttpOptions? options = null)
        {
            Options = options ?? new FirmwareHttpOptions();
            HttpMessageHandler handler = Options.Handler ?? NetFrameworkTls.Apply(new HttpClientHandler
            {
                AllowAutoRedirect = true,
                MaxAutomaticRedirections = 10,
            });

            // Timeouts are ours (per attempt and per read); HttpClient's own would cut slow but healthy downloads.
            client = new HttpClient(handler, disposeHandler: Options.Handler is null) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
            client.DefaultRequestHeaders.UserAgent.ParseAdd(Options.UserAgent);
        }

        public FirmwareHttpOptions Options { get; }

        /// <summary>Refuses anything but https, and http unless allowed: a firmware image is code that will run on the board.</summary>
        public void CheckScheme(Uri uri, bool allowHttp = false)
        {
            if (!uri.IsAbsoluteUri)
            {
                throw new InsecureUriException($"'{uri}' is not an absolute link.", uri.ToString(), "Give a full link starting with https://.");
            }

            if (uri.Scheme == Uri.UriSchemeHttps)
            {
                return;
            }

            if (uri.Scheme == Uri.UriSchemeHttp && (allowHttp || Options.AllowHttp))
            {
                return;
            }

            if (uri.Scheme == Uri.UriSchemeHttp)
            {
                throw new InsecureUriException(
                    $"'{uri}' uses plain http, which lets anyone on the way replace the firmware.",
                    uri.ToString(),
                    "Use the https:// link, or add -AllowHttp if you trust the network (and give -ExpectedHash).");
            }

            throw new InsecureUriException($"'{uri}' is not an http or https link.", uri.ToString(), "Give an https:// link.");
        }

        /// <summary>GETs a small text resource (a board page, a JSON answer).</summary>
        public Task<string> GetTextAsync(Uri uri, OperationLog? log, CancellationToken cancellationToken) =>
            SendAsync(uri, false, log, async (response, attempt, token) =>
            {
                CheckAnnouncedLength(uri, response, Options.MaxTextLength);
                using Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                using var buffer = new MemoryStream();
                var chunk = new byte[16 * 1024];
                int read;
                while ((read = await ReadAsync(body, chunk, token).ConfigureAwait(false)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    CheckReceivedLength(uri, buffer.Length, Options.MaxTextLength);
                }

                CheckLength(response, buffer.Length);
                return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
            }, cancellationToken);

        /// <summary>
        /// Sends a GET and hands a successful response to <paramref name="readBody"/>. Transient failures
        /// (in the headers or in the body) start the whole attempt again after a back-off.
        /// </summary>
        public async Task<T> SendAsync<T>(Uri uri, bool allowHttp, OperationLog? log, Func<HttpResponseMessage, int, CancellationToken, Task<T>> readBody, CancellationToken cancellationToken)
        {
            CheckScheme(uri, allowHttp);
            int maxAttempts = Math.Max(1, Options.MaxAttempts);
            for (int attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Exception failure;
                try
                {
                    log.Debug($"GET {uri} (attempt {attempt} of {maxAttempts})");
                    using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                    using HttpResponseMessage response = await SendHeadersAsync(request, cancellationToken).ConfigureAwait(false);
                    int status = (int)response.StatusCode;
                    Uri final = response.RequestMessage?.RequestUri ?? uri;
                    log.Debug($"HTTP {status.ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase} from {final}");
                    if (final != uri)
                    {
                        CheckScheme(final, allowHttp);
                    }

                    if (status >= 300 && status < 400)
                    {
                        throw RedirectFailure(uri, response);
                    }

                    if (!response.IsSuccessStatusCode)
                    {
                        var error = new FirmwareDownloadFailedException(
                            $"{uri} answered HTTP {status.ToString(CultureInfo.InvariantCulture)} ({response.ReasonPhrase}).",
                            uri.ToString(),
                            status,
                            IsTransientStatus(status) ? "The server has a problem; try again later." : "Check the link or the board name.");
                        if (!IsTransientStatus(status))
                        {
                            throw error;
                        }

                        failure = error;
                    }
                    else
                    {
                        return await readBody(response, attempt, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (FirmwareToolsException)
                {
                    throw;
                }
                catch (Exception ex) when (ex is HttpRequestException || ex is IOException || ex is OperationCanceledException || ex is SocketException || ex is TimeoutException)
                {
                    failure = Translate(uri, ex);
                    if (failure is NetworkUnavailableException && IsNameNotFound(ex))
                    {
                        // An authoritative "no such host" will not change in a few seconds.
                        throw failure;
                    }
                }

                if (attempt >= maxAttempts)
                {
                    throw failure;
                }

                TimeSpan wait = Options.BackoffFor(attempt);
                log.Verbose($"{failure.Message} Retrying in {wait.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s (attempt {(attempt + 1).ToString(CultureInfo.InvariantCulture)} of {maxAttempts.ToString(CultureInfo.InvariantCulture)}).");
                await Options.Delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Reads from a response body, failing the attempt when nothing arrives within the read timeout.</summary>
        public async Task<int> ReadAsync(Stream body, byte[] buffer, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Options.ReadTimeout);

            // Some stacks ignore the token during a read; closing the stream unblocks them.
            using (timeout.Token.Register(body.Dispose))
            {
                try
                {
                    return await body.ReadAsync(buffer, 0, buffer.Length, timeout.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested && (ex is OperationCanceledException || ex is ObjectDisposedException || ex is IOException))
                {
                    throw new TimeoutException($"No data arrived for {Options.ReadTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s.", ex);
                }
                catch (ObjectDisposedException ex) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException("The download was cancelled.", ex, cancellationToken);
                }
            }
        }

        /// <summary>Refuses a response whose Content-Length is over <paramref name="limit"/> before a byte of it is read.</summary>
        internal static void CheckAnnouncedLength(Uri uri, HttpResponseMessage response, long limit)
        {
            if (response.Content.Headers.ContentLength is long announced && announced > limit)
            {
                throw TooLarge(uri, announced, limit);
            }
        }

        /// <summary>Refuses a body once more than <paramref name="limit"/> bytes arrived (a server that sends no Content-Length, or lies).</summary>
        internal static void CheckReceivedLength(Uri uri, long received, long limit)
        {
            if (received > limit)
            {
                throw TooLarge(uri, received, limit);
            }
        }

        private static FirmwareDownloadFailedException TooLarge(Uri uri, long length, long limit) => new FirmwareDownloadFailedException(
            string.Format(CultureInfo.InvariantCulture, "{0} sends more than {1} ({2} bytes or more), the most FirmwareTools reads from it; the transfer was stopped.", uri, ByteSize.Format(limit), length),
            uri.ToString(),
            null,
            "Check that the link names a firmware page or file; this is not what the server normally sends.");

        /// <summary>A body shorter (or longer) than its Content-Length is a broken transfer, not a firmware file.</summary>
        internal static void CheckLength(HttpResponseMessage response, long received)
        {
            long? expected = response.Content.Headers.ContentLength;
            if (expected is long length && length != received)
            {
                throw new IOException(string.Format(CultureInfo.InvariantCulture, "The connection closed after {0} of {1} bytes.", received, length));
            }
        }

        public void Dispose() => client.Dispose();

        private async Task<HttpResponseMessage> SendHeadersAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Options.ResponseTimeout);
            try
            {
                return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No response within {Options.ResponseTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s.", ex);
            }
        }

        private static bool IsTransientStatus(int status) => status >= 500 || status == 408 || status == 429;

        private static FirmwareDownloadFailedException RedirectFailure(Uri uri, HttpResponseMessage response)
        {
            int status = (int)response.StatusCode;
            Uri? location = response.Headers.Location;
            string code = status.ToString(CultureInfo.InvariantCulture);
            if (location != null && location.IsAbsoluteUri && location.Scheme == Uri.UriSchemeHttp && uri.Scheme == Uri.UriSchemeHttps)
            {
                return new FirmwareDownloadFailedException(
                    $"{uri} redirected (HTTP {code}) from https to plain http ({location}); the redirect was not followed.",
                    uri.ToString(), status, "Ask the site owner for an https link, or use -Uri with the http link and -AllowHttp if you trust the network.");
            }

            return new FirmwareDownloadFailedException(
                $"{uri} kept redirecting (HTTP {code}, last Location: {location?.ToString() ?? "none"}); gave up after too many redirects.",
                uri.ToString(), status, "The link is probably broken or loops; open it in a browser or use the final file link with -Uri.");
        }

        private static Exception Translate(Uri uri, Exception ex)
        {
            string target = uri.ToString();
            SocketException? socket = FindSocketException(ex);
            if (socket != null)
            {
                switch (socket.SocketErrorCode)
                {
                    case SocketError.HostNotFound:
                    case SocketError.NoData:
                    case SocketError.TryAgain:
                        return new NetworkUnavailableException(
                            $"The name '{uri.Host}' could not be resolved: {socket.Message}",
                            target, "Check the network connection and DNS (or the proxy settings), then try again.", ex);
                    case SocketError.ConnectionRefused:
                    case SocketError.NetworkUnreachable:
                    case SocketError.HostUnreachable:
                    case SocketError.NetworkDown:
                    case SocketError.TimedOut:
                        return new NetworkUnavailableException(
                            $"Could not connect to {uri.Host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}: {socket.Message}",
                            target, "Check the network connection, the firewall and the proxy settings, then try again.", ex);
                }
            }

            if (ex is TimeoutException)
            {
                return new FirmwareDownloadFailedException($"{uri} did not answer in time: {ex.Message}", target, null, "The network or the server is slow; try again later.", ex);
            }

            if (ex is HttpRequestException && ex.InnerException is null)
            {
                return new NetworkUnavailableException($"The request to {uri.Host} failed: {ex.Message}", target, "Check the network connection and the proxy settings, then try again.", ex);
            }

            return new FirmwareDownloadFailedException($"The transfer from {uri} broke off: {Innermost(ex).Message}", target, null, "Try again; if it keeps failing, the server or a proxy is cutting the connection.", ex);
        }

        private static bool IsNameNotFound(Exception ex) => FindSocketException(ex)?.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData;

        private static SocketException? FindSocketException(Exception? ex)
        {
            for (; ex != null; ex = ex.InnerException)
            {
                if (ex is SocketException s)
                {
                    return s;
                }

                if (ex is WebException { InnerException: null } web && web.Status == WebExceptionStatus.NameResolutionFailure)
                {
                    return new SocketException((int)SocketError.HostNotFound);
                }
            }

            return null;
        }

        private static Exception Innermost(Exception ex)
        {
            while (ex.InnerException != null)
            {
                ex = ex.InnerException;
            }

            return ex;
        }
    }
}
