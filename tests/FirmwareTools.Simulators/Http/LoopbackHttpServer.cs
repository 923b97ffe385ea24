using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FirmwareTools.Simulators.Http;

/// <summary>
/// A real HTTP server (System.Net.HttpListener) on 127.0.0.1 with routes per path, recording every request
/// it sees so tests can prove that no request was made. Shared by the unit tests and the engine tests.
/// <para>
/// Binding is race-free. HttpListener cannot bind port 0, so a port is picked and the bind itself is the test:
/// Start either owns the port or fails with "address in use", and then a fresh listener (a failed one is not
/// reusable) tries another port. Nothing is assumed between picking and binding, unlike the old probe-then-bind,
/// which failed about one run in four when another test took the probed port first. HttpListener is kept, rather
/// than a hand-written server on a TcpListener bound to port 0, because the fault routes need its real HTTP
/// framing (Content-Length, Abort mid-body, redirects) and nobody here should hand-roll an HTTP server.
/// </para>
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private const int BindAttempts = 100;
    private readonly HttpListener listener;
    private readonly ConcurrentDictionary<string, Func<HttpListenerContext, Task>> routes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;

    public LoopbackHttpServer()
        : this(CandidatePort)
    {
    }

    /// <summary>Binds the first free port <paramref name="candidatePorts"/> offers (the bind retry, testable with a taken port first).</summary>
    public LoopbackHttpServer(Func<int> candidatePorts)
    {
        ArgumentNullException.ThrowIfNull(candidatePorts);
        for (int attempt = 1; ; attempt++)
        {
            int port = candidatePorts();
            var candidate = new HttpListener();
            candidate.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                candidate.Start();
                listener = candidate;
                Root = new Uri($"http://127.0.0.1:{port}/");
                break;
            }
            catch (HttpListenerException) when (attempt < BindAttempts)
            {
                // Taken since it was picked: another test or process won it. Try a fresh listener on another port.
                Abandon(candidate);
            }
        }

        loop = Task.Run(AcceptLoop);
    }

    public Uri Root { get; }

    /// <summary>Every request as "path?query", in arrival order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public void Map(string path, Func<HttpListenerContext, Task> handler) => routes[path] = handler;

    /// <summary>
    /// Drops a listener whose Start failed. Its Close tries to unregister the prefix, which makes the managed
    /// HttpListener bind the taken port once more and throw "Address already in use" again (seen in a full run);
    /// nothing was registered, so there is nothing to undo.
    /// </summary>
    private static void Abandon(HttpListener failed)
    {
        try
        {
            failed.Close();
        }
        catch (HttpListenerException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>A port the OS handed out as ephemeral a moment ago: only a candidate, the bind decides.</summary>
    private static int CandidatePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public static async Task Text(HttpListenerContext ctx, string body, string contentType = "text/html; charset=utf-8", int status = 200)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        await Bytes(ctx, Encoding.UTF8.GetBytes(body), status);
    }

    public static async Task Bytes(HttpListenerContext ctx, byte[] body, int status = 200, string contentType = "application/octet-stream")
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType ??= contentType;
        ctx.Response.ContentLength64 = body.Length;
        await ctx.Response.OutputStream.WriteAsync(body);
        ctx.Response.Close();
    }

    public static Task Redirect(HttpListenerContext ctx, string location, int status = 302)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.RedirectLocation = location;
        ctx.Response.ContentLength64 = 0;
        ctx.Response.Close();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        stopping.Cancel();
        try
        {
            // Close alone, never Stop then Close: the managed HttpListener unregisters its prefix on each, and the
            // second unregistration finds no endpoint, binds the port afresh to make one, and throws "Address already
            // in use" when another test took the port in between (seen in a full run).
            listener.Close();
        }
        catch (ObjectDisposedException)
        {
        }

        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        stopping.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await listener.GetContextAsync();
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => Serve(ctx));
        }
    }

    private async Task Serve(HttpListenerContext ctx)
    {
        string path = ctx.Request.Url!.AbsolutePath;
        Requests.Enqueue(ctx.Request.Url.PathAndQuery);
        try
        {
            if (routes.TryGetValue(path, out Func<HttpListenerContext, Task>? handler))
            {
                await handler(ctx);
            }
            else
            {
                await Text(ctx, "<html><body><h1>404 Not Found</h1></body></html>", status: 404);
            }
        }
        catch (Exception)
        {
            // The client went away (cancel tests) or a fault route aborted on purpose.
            try
            {
                ctx.Response.Abort();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
